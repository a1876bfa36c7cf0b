namespace LtiPd.LtiTool.Jwks;

/// <summary>Outcomes of a platform key lookup.</summary>
public enum KeyLookupStatus
{
    /// <summary>A usable RSA signing key has this kid.</summary>
    Found,

    /// <summary>No key in the set has this kid.</summary>
    UnknownKid,

    /// <summary>A key has this kid but may not verify id_tokens (wrong type, use, alg or size).</summary>
    NotAllowed,

    /// <summary>The key set could not be fetched and no cached copy has the kid.</summary>
    Unavailable,
}
