using LtiPd.XapiBridge.Validation;

namespace LtiPd.XapiBridge.Profile;

/// <summary>Per-district settings of <see cref="PdStatements"/>.</summary>
public sealed class PdStatementsOptions
{
    /// <summary>
    /// The public base IRI of this LtiPd installation, such as <c>https://pd.district.example/</c>.
    /// Activity ids are built below it (<c>courses/{id}</c>, <c>modules/{id}</c>).
    /// </summary>
    public required Uri ActivityBaseIri { get; set; }

    /// <summary>The <c>context.platform</c> value. Default: <c>LtiPd</c>.</summary>
    public string Platform { get; set; } = "LtiPd";

    /// <summary>
    /// Whether a learner with a known email is identified by <c>mbox</c> instead of the LTI
    /// account. Default: false: statements carry no email address unless the district opts in.
    /// </summary>
    public bool IncludeEmail { get; set; }

    /// <summary>The xAPI version of the receiving LRS. With <see cref="XapiVersion.V2"/>, reviews name the learner in <c>contextAgents</c>.</summary>
    public XapiVersion Version { get; set; } = XapiVersion.V1;
}
