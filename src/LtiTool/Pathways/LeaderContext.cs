using LtiPd.LtiTool.Platforms;
using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.Pathways;

/// <summary>A signed-in PD leader and the registration (and so the district) they act for.</summary>
/// <param name="Session">The leader's session.</param>
/// <param name="Registration">The session's registration.</param>
internal sealed record LeaderContext(LtiSession Session, PlatformRegistration Registration)
{
    public string DistrictId => Registration.DistrictId;
}
