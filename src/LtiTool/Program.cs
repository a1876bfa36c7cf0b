using LtiPd.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLtiPdStorage();

var app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));

app.Run();

/// <summary>The entry point, public so integration tests can host the app.</summary>
public partial class Program;
