using LtiPd.Storage;
using LtiPd.XapiBridge.Lrs;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddLtiPdStorage();
builder.Services.AddEmbeddedLrs();

var app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.MapEmbeddedLrs("/xapi");

app.Run();

/// <summary>The entry point, public so integration tests can host the app.</summary>
public partial class Program;
