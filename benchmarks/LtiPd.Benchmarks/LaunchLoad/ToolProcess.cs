using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LtiPd.Benchmarks.LaunchLoad;

/// <summary>
/// The LTI tool under load, run as its own process (<c>dotnet LtiPd.LtiTool.dll</c>) with Kestrel
/// on 127.0.0.1, SQLite in a temporary folder (unless the settings name another <c>Storage</c>
/// provider) and logging at Warning, so its CPU time is measured apart from the load generator's.
/// </summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _lastOutput = new();

    private ToolProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The tool's origin, such as <c>http://127.0.0.1:40124</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The CPU time the tool process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The tool process's current working set in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The largest working set in bytes the tool process has had so far.</summary>
    public long PeakWorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
    }

    /// <summary>The last lines the tool wrote, for error messages.</summary>
    public string LastOutput
    {
        get
        {
            lock (_lastOutput)
            {
                return string.Join(Environment.NewLine, _lastOutput);
            }
        }
    }

    /// <summary>Starts the tool and waits until <c>/health</c> returns 200.</summary>
    /// <param name="toolDll">The path of <c>LtiPd.LtiTool.dll</c>.</param>
    /// <param name="environment">The ASP.NET Core environment name.</param>
    /// <param name="dataDirectory">The folder for the SQLite database.</param>
    /// <param name="settings">Configuration keys (such as <c>Lti:Platforms:0:Issuer</c>) and values.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<ToolProcess> StartAsync(
        string toolDll,
        string environment,
        string dataDirectory,
        IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(toolDll))
        {
            throw new FileNotFoundException($"The tool assembly '{toolDll}' does not exist. Build the solution in Release first, or pass --tool-dll.", toolDll);
        }

        var baseUrl = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(toolDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(toolDll);
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        startInfo.Environment["ASPNETCORE_URLS"] = baseUrl;
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["Storage__Provider"] = "Sqlite";
        startInfo.Environment["Storage__DataDirectory"] = dataDirectory;
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Starting 'dotnet' for the tool failed.");
        var tool = new ToolProcess(process, baseUrl);
        process.OutputDataReceived += (_, line) => tool.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => tool.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await tool.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            await tool.DisposeAsync();
            throw;
        }

        return tool;
    }

    /// <summary>Stops the tool process.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The tool exited with code {_process.ExitCode} before /health returned 200. Its last output:{Environment.NewLine}{LastOutput}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseUrl + "/health"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The tool's /health at {BaseUrl} did not return 200 within {timeout.TotalSeconds} s. Its last output:{Environment.NewLine}{LastOutput}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            while (_lastOutput.Count > OutputLinesKept)
            {
                _lastOutput.Dequeue();
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        // The port is free when this returns; another process could take it before the tool
        // binds, in which case the tool exits and the error names the port.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
