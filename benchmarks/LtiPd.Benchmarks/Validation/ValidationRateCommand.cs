using System.Diagnostics;
using System.Globalization;

namespace LtiPd.Benchmarks.Validation;

/// <summary>
/// <c>validation-rate</c>: runs each operation of <see cref="IdTokenValidationBenchmarks"/> on one
/// thread for a fixed span of this process's CPU time and prints operations per CPU-second, the
/// measure <c>openssl speed</c> reports. Unlike wall-clock timings it holds up on a machine where
/// other processes compete for the cores.
/// </summary>
internal static class ValidationRateCommand
{
    public static int Run(string[] args)
    {
        var seconds = 3.0;
        var valid = args.Length == 0
            || (args.Length == 2 && args[0] == "--seconds"
                && double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) && seconds > 0);
        if (!valid)
        {
            Console.Error.WriteLine("Usage: validation-rate [--seconds N]. N is the CPU time per operation, more than 0 (default: 3).");
            return 2;
        }

        using var benchmarks = new IdTokenValidationBenchmarks();
        benchmarks.Setup();
        var operations = new (string Name, Action Run)[]
        {
            ("RSA.VerifyData (raw RSA-2048 verify)", () => benchmarks.RsaVerifyData()),
            ("JsonWebTokenHandler signature only", () => benchmarks.JsonWebTokenHandlerSignatureOnly().GetAwaiter().GetResult()),
            ("IdTokenValidator.ValidateAsync", () => benchmarks.IdTokenValidation().GetAwaiter().GetResult()),
            ("RsaVerifier.VerifyAscii (SHA-256 and RSA verify, reused OpenSSL contexts)", () => benchmarks.RsaVerifierVerify()),
            ("SHA-256 of the signing input", () => benchmarks.Sha256OfSigningInput()),
            ("payload base64url decode and LtiRequest.Read", () => benchmarks.PayloadRead()),
        };

        var rawRate = 0.0;
        Console.WriteLine("| operation | per CPU-second | CPU us each | share of raw verify rate | allocated bytes each |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, run) in operations)
        {
            // Half a second of warm-up lets tiered compilation replace the hot methods with optimized code.
            Measure(run, 0.5);
            var rate = Measure(run, seconds);
            rawRate = rawRate == 0 ? rate : rawRate;
            var allocated = AllocatedBytesPerRun(run);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {rate:F0} | {1_000_000 / rate:F1} | {rate / rawRate:P0} | {allocated:F0} |"));
        }

        return 0;
    }

    /// <summary>Returns the bytes this thread allocates per run, over 1,000 runs.</summary>
    private static double AllocatedBytesPerRun(Action run)
    {
        const int Runs = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Runs; i++)
        {
            run();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Runs;
    }

    private static double Measure(Action run, double cpuSeconds)
    {
        using var process = Process.GetCurrentProcess();
        var start = process.TotalProcessorTime;
        var budget = TimeSpan.FromSeconds(cpuSeconds);
        long count = 0;
        TimeSpan used;
        do
        {
            for (var i = 0; i < 200; i++)
            {
                run();
            }

            count += 200;
            process.Refresh();
            used = process.TotalProcessorTime - start;
        }
        while (used < budget);

        return count / used.TotalSeconds;
    }
}
