namespace LtiPd.LtiTool.Registration;

/// <summary>Maps dynamic and manual registration and registers their services.</summary>
public static class RegistrationEndpoints
{
    /// <summary>
    /// Maps <c>/lti/register</c> (Dynamic Registration: GET reads the platform, POST registers)
    /// and <c>/lti/register/manual</c> (the admin form). The posts carry a protected payload or
    /// the admin secret, so the framework's antiforgery cookie is not used. Each endpoint is rate
    /// limited per client IP address (<see cref="RegistrationRateLimit"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapRegistration(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/lti/register", (HttpContext context, DynamicRegistrationHandler handler) => handler.StartAsync(context))
            .RequireRateLimiting(RegistrationRateLimit.PolicyName);
        endpoints.MapPost("/lti/register", (HttpContext context, DynamicRegistrationHandler handler) => handler.CompleteAsync(context))
            .DisableAntiforgery()
            .RequireRateLimiting(RegistrationRateLimit.PolicyName);
        endpoints.MapGet("/lti/register/manual", (HttpContext context, ManualRegistrationHandler handler) => handler.Show(context))
            .RequireRateLimiting(RegistrationRateLimit.PolicyName);
        endpoints.MapPost("/lti/register/manual", (HttpContext context, ManualRegistrationHandler handler) => handler.SubmitAsync(context))
            .DisableAntiforgery()
            .RequireRateLimiting(RegistrationRateLimit.PolicyName);
        return endpoints;
    }

    /// <summary>Registers the registration client (no redirects, bounded reads), the two handlers and their rate limit.</summary>
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        services.AddOptions<RegistrationOptions>()
            .BindConfiguration(RegistrationOptions.SectionName)
            .Validate(
                options => options.RateLimitPermits >= 1 && options.RateLimitWindowSeconds >= 1,
                "Registration:RateLimitPermits and Registration:RateLimitWindowSeconds must each be at least 1.")
            .ValidateOnStart();
        services.AddRegistrationRateLimit();
        services.AddHttpClient(PlatformRegistrationClient.HttpClientName, (provider, client) =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<LtiOptions>>().Value.UserAgent);
            })
            // A redirect could lead the call to an address the URL checks never saw, and the
            // connect callback refuses internal addresses, whatever the name resolves to.
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowLoopback = provider.GetRequiredService<IHostEnvironment>().IsDevelopment();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    ConnectCallback = (context, cancellationToken) => PublicAddressConnector.ConnectAsync(context.DnsEndPoint, allowLoopback, cancellationToken),
                };
            });
        services.AddSingleton<PlatformRegistrationClient>();
        services.AddSingleton<DynamicRegistrationHandler>();
        services.AddSingleton<ManualRegistrationHandler>();
        return services;
    }
}
