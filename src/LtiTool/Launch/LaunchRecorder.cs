using System.Data.Common;
using System.Text.Json;
using LtiPd.LtiTool.Messages;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Launch;

/// <summary>
/// Creates or updates the user, context and resource link of a validated launch, inside the
/// launch's transaction. Rows are keyed by (registration, platform id), so the same course id from
/// two districts never meets. A launch of a person whose data a district admin deleted clears
/// the erasure mark, so compliance counts them again from then on.
/// </summary>
public sealed class LaunchRecorder
{
    private static readonly SqlText UpsertUser = SqlText.PerProvider(
        sqlite: "INSERT INTO lti_users (id, registration_id, subject, name, given_name, family_name, email, locale, person_sourcedid, created_at_ms, last_launch_at_ms) " +
                "VALUES (@Id, @RegistrationId, @Subject, @Name, @GivenName, @FamilyName, @Email, @Locale, @PersonSourcedId, @Now, @Now) " +
                "ON CONFLICT (registration_id, subject) DO UPDATE SET name = COALESCE(excluded.name, lti_users.name), " +
                "given_name = COALESCE(excluded.given_name, lti_users.given_name), family_name = COALESCE(excluded.family_name, lti_users.family_name), " +
                "email = COALESCE(excluded.email, lti_users.email), locale = COALESCE(excluded.locale, lti_users.locale), " +
                "person_sourcedid = COALESCE(excluded.person_sourcedid, lti_users.person_sourcedid), last_launch_at_ms = excluded.last_launch_at_ms, erased_at_ms = NULL RETURNING id",
        postgreSql: "INSERT INTO lti_users (id, registration_id, subject, name, given_name, family_name, email, locale, person_sourcedid, created_at_ms, last_launch_at_ms) " +
                    "VALUES (@Id, @RegistrationId, @Subject, @Name, @GivenName, @FamilyName, @Email, @Locale, @PersonSourcedId, @Now, @Now) " +
                    "ON CONFLICT (registration_id, subject) DO UPDATE SET name = COALESCE(excluded.name, lti_users.name), " +
                    "given_name = COALESCE(excluded.given_name, lti_users.given_name), family_name = COALESCE(excluded.family_name, lti_users.family_name), " +
                    "email = COALESCE(excluded.email, lti_users.email), locale = COALESCE(excluded.locale, lti_users.locale), " +
                    "person_sourcedid = COALESCE(excluded.person_sourcedid, lti_users.person_sourcedid), last_launch_at_ms = excluded.last_launch_at_ms, erased_at_ms = NULL RETURNING id",
        sqlServer: "MERGE lti_users WITH (HOLDLOCK) AS target USING (SELECT @RegistrationId AS registration_id, @Subject AS subject) AS source " +
                   "ON target.registration_id = source.registration_id AND target.subject = source.subject " +
                   "WHEN MATCHED THEN UPDATE SET name = COALESCE(@Name, target.name), given_name = COALESCE(@GivenName, target.given_name), " +
                   "family_name = COALESCE(@FamilyName, target.family_name), email = COALESCE(@Email, target.email), locale = COALESCE(@Locale, target.locale), " +
                   "person_sourcedid = COALESCE(@PersonSourcedId, target.person_sourcedid), last_launch_at_ms = @Now, erased_at_ms = NULL " +
                   "WHEN NOT MATCHED THEN INSERT (id, registration_id, subject, name, given_name, family_name, email, locale, person_sourcedid, created_at_ms, last_launch_at_ms) " +
                   "VALUES (@Id, @RegistrationId, @Subject, @Name, @GivenName, @FamilyName, @Email, @Locale, @PersonSourcedId, @Now, @Now) OUTPUT inserted.id;");

    private static readonly SqlText UpsertContext = SqlText.PerProvider(
        sqlite: "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, label, title, context_types, nrps_url, ags_line_items_url, created_at_ms, updated_at_ms) " +
                "VALUES (@Id, @RegistrationId, @DeploymentId, @ContextId, @Label, @Title, @ContextTypes, @NrpsUrl, @AgsLineItemsUrl, @Now, @Now) " +
                "ON CONFLICT (registration_id, context_id) DO UPDATE SET deployment_id = excluded.deployment_id, label = COALESCE(excluded.label, lti_contexts.label), " +
                "title = COALESCE(excluded.title, lti_contexts.title), context_types = excluded.context_types, " +
                "nrps_url = COALESCE(excluded.nrps_url, lti_contexts.nrps_url), ags_line_items_url = COALESCE(excluded.ags_line_items_url, lti_contexts.ags_line_items_url), " +
                "updated_at_ms = excluded.updated_at_ms RETURNING id",
        postgreSql: "INSERT INTO lti_contexts (id, registration_id, deployment_id, context_id, label, title, context_types, nrps_url, ags_line_items_url, created_at_ms, updated_at_ms) " +
                    "VALUES (@Id, @RegistrationId, @DeploymentId, @ContextId, @Label, @Title, @ContextTypes, @NrpsUrl, @AgsLineItemsUrl, @Now, @Now) " +
                    "ON CONFLICT (registration_id, context_id) DO UPDATE SET deployment_id = excluded.deployment_id, label = COALESCE(excluded.label, lti_contexts.label), " +
                    "title = COALESCE(excluded.title, lti_contexts.title), context_types = excluded.context_types, " +
                    "nrps_url = COALESCE(excluded.nrps_url, lti_contexts.nrps_url), ags_line_items_url = COALESCE(excluded.ags_line_items_url, lti_contexts.ags_line_items_url), " +
                    "updated_at_ms = excluded.updated_at_ms RETURNING id",
        sqlServer: "MERGE lti_contexts WITH (HOLDLOCK) AS target USING (SELECT @RegistrationId AS registration_id, @ContextId AS context_id) AS source " +
                   "ON target.registration_id = source.registration_id AND target.context_id = source.context_id " +
                   "WHEN MATCHED THEN UPDATE SET deployment_id = @DeploymentId, label = COALESCE(@Label, target.label), title = COALESCE(@Title, target.title), " +
                   "context_types = @ContextTypes, nrps_url = COALESCE(@NrpsUrl, target.nrps_url), ags_line_items_url = COALESCE(@AgsLineItemsUrl, target.ags_line_items_url), updated_at_ms = @Now " +
                   "WHEN NOT MATCHED THEN INSERT (id, registration_id, deployment_id, context_id, label, title, context_types, nrps_url, ags_line_items_url, created_at_ms, updated_at_ms) " +
                   "VALUES (@Id, @RegistrationId, @DeploymentId, @ContextId, @Label, @Title, @ContextTypes, @NrpsUrl, @AgsLineItemsUrl, @Now, @Now) OUTPUT inserted.id;");

    private static readonly SqlText UpsertResourceLink = SqlText.PerProvider(
        sqlite: "INSERT INTO lti_resource_links (id, registration_id, deployment_id, context_ref, resource_link_id, title, description, ags_line_item_url, custom_json, created_at_ms, updated_at_ms) " +
                "VALUES (@Id, @RegistrationId, @DeploymentId, @ContextRef, @ResourceLinkId, @Title, @Description, @AgsLineItemUrl, @CustomJson, @Now, @Now) " +
                "ON CONFLICT (registration_id, resource_link_id) DO UPDATE SET deployment_id = excluded.deployment_id, context_ref = COALESCE(excluded.context_ref, lti_resource_links.context_ref), " +
                "title = COALESCE(excluded.title, lti_resource_links.title), description = COALESCE(excluded.description, lti_resource_links.description), " +
                "ags_line_item_url = COALESCE(excluded.ags_line_item_url, lti_resource_links.ags_line_item_url), custom_json = excluded.custom_json, " +
                "updated_at_ms = excluded.updated_at_ms RETURNING id",
        postgreSql: "INSERT INTO lti_resource_links (id, registration_id, deployment_id, context_ref, resource_link_id, title, description, ags_line_item_url, custom_json, created_at_ms, updated_at_ms) " +
                    "VALUES (@Id, @RegistrationId, @DeploymentId, @ContextRef, @ResourceLinkId, @Title, @Description, @AgsLineItemUrl, @CustomJson, @Now, @Now) " +
                    "ON CONFLICT (registration_id, resource_link_id) DO UPDATE SET deployment_id = excluded.deployment_id, context_ref = COALESCE(excluded.context_ref, lti_resource_links.context_ref), " +
                    "title = COALESCE(excluded.title, lti_resource_links.title), description = COALESCE(excluded.description, lti_resource_links.description), " +
                    "ags_line_item_url = COALESCE(excluded.ags_line_item_url, lti_resource_links.ags_line_item_url), custom_json = excluded.custom_json, " +
                    "updated_at_ms = excluded.updated_at_ms RETURNING id",
        sqlServer: "MERGE lti_resource_links WITH (HOLDLOCK) AS target USING (SELECT @RegistrationId AS registration_id, @ResourceLinkId AS resource_link_id) AS source " +
                   "ON target.registration_id = source.registration_id AND target.resource_link_id = source.resource_link_id " +
                   "WHEN MATCHED THEN UPDATE SET deployment_id = @DeploymentId, context_ref = COALESCE(@ContextRef, target.context_ref), title = COALESCE(@Title, target.title), " +
                   "description = COALESCE(@Description, target.description), ags_line_item_url = COALESCE(@AgsLineItemUrl, target.ags_line_item_url), custom_json = @CustomJson, updated_at_ms = @Now " +
                   "WHEN NOT MATCHED THEN INSERT (id, registration_id, deployment_id, context_ref, resource_link_id, title, description, ags_line_item_url, custom_json, created_at_ms, updated_at_ms) " +
                   "VALUES (@Id, @RegistrationId, @DeploymentId, @ContextRef, @ResourceLinkId, @Title, @Description, @AgsLineItemUrl, @CustomJson, @Now, @Now) OUTPUT inserted.id;");

    // Matches the VARCHAR(512) columns of lti_users and lti_contexts on PostgreSQL and SQL Server.
    private const int MaxTextLength = 512;

    private readonly Database _database;

    /// <summary>Creates the recorder over <paramref name="database"/>.</summary>
    public LaunchRecorder(Database database)
    {
        _database = database;
    }

    /// <summary>Upserts the launch's user, context and resource link; returns their ids.</summary>
    public async Task<RecordedLaunch> RecordAsync(
        DbConnection connection,
        DbTransaction transaction,
        string registrationId,
        LtiRequest request,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(request);
        var nowMs = now.ToUnixTimeMilliseconds();

        // Not cancellable: these writes run after the nonce was consumed (security-relevant).
        var userId = await _database.ExecuteScalarAsync<string>(connection, UpsertUser, new
        {
            Id = Guid.NewGuid().ToString("N"),
            RegistrationId = registrationId,
            request.Subject,
            Name = Text(request.Name, MaxTextLength),
            GivenName = Text(request.GivenName, MaxTextLength),
            FamilyName = Text(request.FamilyName, MaxTextLength),
            Email = Whole(request.Email, MaxTextLength),
            Locale = Whole(request.Locale, MaxTextLength),
            PersonSourcedId = Whole(request.Lis?.PersonSourcedId, MaxTextLength),
            Now = nowMs,
        }, CancellationToken.None, transaction);

        string? contextId = null;
        if (request.Context is { } context)
        {
            contextId = await _database.ExecuteScalarAsync<string>(connection, UpsertContext, new
            {
                Id = Guid.NewGuid().ToString("N"),
                RegistrationId = registrationId,
                request.DeploymentId,
                ContextId = context.Id,
                Label = Text(context.Label, MaxTextLength),
                Title = Text(context.Title, int.MaxValue),
                ContextTypes = string.Join(' ', context.Types),
                NrpsUrl = Whole(request.NamesRoleService?.ContextMembershipsUrl, MaxTextLength),
                AgsLineItemsUrl = Whole(request.AssignmentGradeServices?.LineItemsUrl, MaxTextLength),
                Now = nowMs,
            }, CancellationToken.None, transaction);
        }

        string? resourceLinkId = null;
        if (request.ResourceLink is { } link)
        {
            resourceLinkId = await _database.ExecuteScalarAsync<string>(connection, UpsertResourceLink, new
            {
                Id = Guid.NewGuid().ToString("N"),
                RegistrationId = registrationId,
                request.DeploymentId,
                ContextRef = contextId,
                ResourceLinkId = link.Id,
                Title = Text(link.Title, int.MaxValue),
                Description = Text(link.Description, int.MaxValue),
                AgsLineItemUrl = Whole(request.AssignmentGradeServices?.LineItemUrl, MaxTextLength),
                CustomJson = JsonSerializer.Serialize(request.Custom),
                Now = nowMs,
            }, CancellationToken.None, transaction);
        }

        return new RecordedLaunch(userId!, contextId, resourceLinkId);
    }

    /// <summary>
    /// Returns display text fit for storage: without NUL characters (PostgreSQL rejects them in
    /// text) and cut to <paramref name="maxLength"/>, since a shortened name is still useful.
    /// </summary>
    private static string? Text(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = value.Contains('\0', StringComparison.Ordinal) ? value.Replace("\0", "", StringComparison.Ordinal) : value;
        return cleaned.Length <= maxLength ? cleaned : cleaned[..maxLength];
    }

    /// <summary>Returns a value that is only useful whole (an email, a URL), or null when it does not fit.</summary>
    private static string? Whole(string? value, int maxLength) =>
        value is null || value.Length > maxLength || value.Contains('\0', StringComparison.Ordinal) ? null : value;
}
