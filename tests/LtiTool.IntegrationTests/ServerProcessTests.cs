using System.Diagnostics;

namespace LtiPd.LtiTool.IntegrationTests;

/// <summary>The server started as a process of its own, as <c>dotnet run</c> starts it.</summary>
public sealed class ServerProcessTests
{
    // A bound for a busy machine only: the check runs before the server listens, so it normally exits within seconds.
    private static readonly TimeSpan StartWait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Start_UnconvertibleSetting_OneLineAndExitCode()
    {
        var folder = Directory.CreateTempSubdirectory("ltipd-server-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            start.Environment["Lti__JwksTimeoutSeconds"] = "abc";

            using var server = Process.Start(start)!;
            var output = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(StartWait);
            try
            {
                await server.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                server.Kill(entireProcessTree: true);
                Assert.Fail($"The server was still running after {StartWait}; it should stop on the unconvertible setting.");
            }

            var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(1, server.ExitCode);
            var line = Assert.Single(lines);
            Assert.Contains("'abc'", line, StringComparison.Ordinal);
            Assert.Contains("Lti:JwksTimeoutSeconds", line, StringComparison.Ordinal);
            Assert.Contains("Correct the value", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening", await output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
