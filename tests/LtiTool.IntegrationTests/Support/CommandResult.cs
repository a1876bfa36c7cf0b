namespace LtiPd.LtiTool.IntegrationTests.Support;

/// <summary>What one admin command did.</summary>
/// <param name="ExitCode">The process exit code it returned.</param>
/// <param name="Output">What it wrote to standard output.</param>
/// <param name="Error">What it wrote to standard error.</param>
public sealed record CommandResult(int ExitCode, string Output, string Error);
