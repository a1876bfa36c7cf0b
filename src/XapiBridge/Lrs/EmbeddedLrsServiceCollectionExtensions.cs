using LtiPd.Storage;
using LtiPd.XapiBridge.Export;
using LtiPd.XapiBridge.Lrs.Agents;
using LtiPd.XapiBridge.Lrs.Credentials;
using LtiPd.XapiBridge.Lrs.Documents;
using LtiPd.XapiBridge.Lrs.Statements;
using LtiPd.XapiBridge.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LtiPd.XapiBridge.Lrs;

/// <summary>Registers the embedded LRS.</summary>
public static class EmbeddedLrsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded LRS: options from <c>Lrs</c> (validated at start-up), its migrations,
    /// the credential service, the in-process client, statement feed and statement exporter, and the loader that
    /// registers <c>Lrs:Credentials</c>. Call it after <c>AddLtiPdStorage</c>, so the schema
    /// migrations run before the credentials load.
    /// </summary>
    public static IServiceCollection AddEmbeddedLrs(this IServiceCollection services)
    {
        services.AddOptions<LrsOptions>()
            .BindConfiguration(LrsOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LrsOptions>, LrsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMigrations(typeof(EmbeddedLrsServiceCollectionExtensions).Assembly);

        services.TryAddSingleton<StatementValidator>();
        services.AddSingleton<CredentialRepository>();
        services.AddSingleton(provider => new LrsCredentialService(
            provider.GetRequiredService<CredentialRepository>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StatementCommitSignal>();
        services.AddSingleton<InFlightWrites>();
        services.AddSingleton<StatementRepository>();
        services.AddSingleton<StatementReader>();
        services.AddSingleton<StatementWriter>();
        services.AddSingleton<StatementsResource>();
        services.AddSingleton<DocumentRepository>();
        services.AddSingleton<DocumentsResource>();
        services.AddSingleton<AgentsResource>();
        services.AddSingleton<LrsRequestHandler>();
        services.AddSingleton(provider => new EmbeddedLrsClient(provider.GetRequiredService<StatementWriter>()));
        services.AddSingleton(provider => new LrsStatementFeed(
            provider.GetRequiredService<StatementReader>(), provider.GetRequiredService<StatementCommitSignal>()));
        services.AddSingleton<StatementExporter>();
        services.AddSingleton<PersonStatements>();
        services.AddHostedService<ConfiguredCredentialsLoader>();
        return services;
    }
}
