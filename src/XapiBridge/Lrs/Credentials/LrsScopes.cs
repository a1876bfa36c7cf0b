namespace LtiPd.XapiBridge.Lrs.Credentials;

/// <summary>The xAPI authorization scopes (xAPI 1.0.3 Communication 4.2), as flags.</summary>
[Flags]
public enum LrsScopes
{
    /// <summary>No access.</summary>
    None = 0,

    /// <summary><c>statements/write</c>: store statements.</summary>
    StatementsWrite = 1,

    /// <summary><c>statements/read</c>: read every statement of the district.</summary>
    StatementsRead = 2,

    /// <summary><c>statements/read/mine</c>: read the statements this credential stored.</summary>
    StatementsReadMine = 4,

    /// <summary><c>state</c>: read and write the state resource.</summary>
    State = 8,

    /// <summary><c>define</c>: define activities and update their stored definitions.</summary>
    Define = 16,

    /// <summary><c>profile</c>: read and write agent and activity profiles.</summary>
    Profile = 32,

    /// <summary><c>all/read</c>: read every resource.</summary>
    AllRead = 64,

    /// <summary><c>all</c>: read and write every resource.</summary>
    All = 128,
}
