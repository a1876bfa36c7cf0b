using System.Runtime.CompilerServices;

namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>
/// Settings every tool host in this assembly reads from the environment. Test hosts start in
/// parallel on two cores, where a loopback JWKS call can take longer than the production timeout,
/// so launches here wait up to a minute. Tests of the timeout itself set it lower.
/// </summary>
internal static class SlowMachineSettings
{
    public const string JwksTimeoutVariable = "Lti__JwksTimeoutSeconds";

    [ModuleInitializer]
    internal static void Apply()
    {
        if (Environment.GetEnvironmentVariable(JwksTimeoutVariable) is null)
        {
            Environment.SetEnvironmentVariable(JwksTimeoutVariable, "60");
        }
    }
}
