using System.Reflection;
using LtiPd.LtiTool.Analytics;
using LtiPd.LtiTool.Branding;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Cli;
using LtiPd.LtiTool.DeepLinking;
using LtiPd.LtiTool.DevPlatform;
using LtiPd.LtiTool.Hosting;
using LtiPd.LtiTool.Learning;
using LtiPd.LtiTool.Pages;
using LtiPd.LtiTool.Pathways;
using LtiPd.LtiTool.Recognition;
using LtiPd.LtiTool.Records;
using LtiPd.LtiTool.Records.Privacy;
using LtiPd.LtiTool.Registration;
using LtiPd.LtiTool.Review;
using LtiPd.LtiTool.Services;
using LtiPd.LtiTool.Sessions;
using LtiPd.Storage;
using LtiPd.XapiBridge;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Lrs;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLtiPdStorage();
builder.Services.AddLtiTool();
builder.Services.AddSingleton<SessionAccessor>();
builder.Services.AddPdCatalog();
builder.Services.AddLearnerPages();
builder.Services.AddRecords();
builder.Services.AddDeepLinking();
builder.Services.AddRegistration();
builder.Services.AddEmbeddedLrs();
builder.Services.AddXapiBridgeForwarding();
builder.Services.AddXapiLearning();
builder.Services.AddPathways();
builder.Services.AddLeaderDashboards();
builder.Services.AddEvidenceReview();
builder.Services.AddRecognition();
builder.Services.AddLtiServices();

// The dev LMS is a fake platform with fixed people and open endpoints: never outside Development.
if (builder.Environment.IsDevelopment())
{
    builder.Services.AddDevPlatform();
}

if (ToolCommandLine.IsCommand(args))
{
    // A command prints its own result; start-up details such as migrations stay out of it.
    builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
    // Admin commands use the same configuration and database as the server, then exit.
    using var commandHost = builder.Build();
    if (!StartupConfigurationCheck.TryValidate(commandHost.Services, Console.Error))
    {
        return 1;
    }

    return await ToolCommandLine.RunAsync(args, commandHost.Services, Console.Out, Console.Error);
}

var app = builder.Build();

// A setting that cannot be converted or fails validation ends the server with one line per setting,
// as it ends a command. WebApplicationFactory runs this entry point inside the test host, which
// needs the start-up exception itself, so only a process of its own returns early.
if (Assembly.GetEntryAssembly() == typeof(Program).Assembly && !StartupConfigurationCheck.TryValidate(app.Services, Console.Error))
{
    return 1;
}

app.UseDistrictBranding();
app.UsePageFormGuard();
app.UseRateLimiter();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapLtiEndpoints();
app.MapAppPages();
app.MapCatalogPages();
app.MapPathwayPages();
app.MapAnalytics();
app.MapReviewPages();
app.MapRecordsPages();
app.MapPrivacyPages();
app.MapRecognition();
app.MapDeepLinking();
app.MapRegistration();
if (app.Environment.IsDevelopment())
{
    app.MapDevPlatform();
}

app.MapStatementExport("/xapi");
app.MapEmbeddedLrs("/xapi");

await app.RunAsync();
return 0;

/// <summary>The entry point, public so integration tests can host the app.</summary>
public partial class Program;
