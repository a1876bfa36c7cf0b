namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>A registered LRS credential, without its secret.</summary>
/// <param name="Key">The Basic auth user name.</param>
/// <param name="Tenant">The district whose data the credential reads and writes.</param>
/// <param name="Scopes">The xAPI scopes granted.</param>
/// <param name="Source"><c>config</c> when registered from configuration, <c>api</c> otherwise.</param>
/// <param name="CreatedAt">When the credential was first registered.</param>
public sealed record LrsCredential(string Key, string Tenant, LrsScopes Scopes, string Source, DateTimeOffset CreatedAt)
{
    /// <summary>Whether this credential may read every statement of its district.</summary>
    public bool CanReadAllStatements => (Scopes & (LrsScopes.StatementsRead | LrsScopes.AllRead | LrsScopes.All)) != 0;

    /// <summary>Whether this credential may call a resource that needs <paramref name="scope"/>.</summary>
    public bool Allows(LrsScopes scope, bool write)
    {
        if (Scopes.HasFlag(LrsScopes.All) || (Scopes & scope) != 0)
        {
            return true;
        }

        if (!write && Scopes.HasFlag(LrsScopes.AllRead))
        {
            return true;
        }

        // statements/read/mine is a narrower read: the query filters on the credential.
        return scope == LrsScopes.StatementsRead && Scopes.HasFlag(LrsScopes.StatementsReadMine);
    }
}
