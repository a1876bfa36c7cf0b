using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using LtiPd.Storage;

namespace LtiPd.LtiTool.Records;

/// <summary>
/// Issues, finds and revokes certificates. Every certificate is keyed by an unguessable code
/// (144 random bits) for the public verification page, and every write filters on the holder's
/// registration and user.
/// </summary>
public sealed class CertificateStore
{
    private const string Columns =
        "c.code AS Code, c.registration_id AS RegistrationId, d.id AS DistrictId, d.name AS DistrictName, c.kind AS Kind, c.subject_id AS SubjectId, " +
        "c.subject_title AS SubjectTitle, c.credit_hours_hundredths AS CreditHoursHundredths, c.completed_at_ms AS CompletedAtMs, " +
        "c.holder_name AS HolderName, c.issued_at_ms AS IssuedAtMs, c.revoked_at_ms AS RevokedAtMs, c.revoked_reason AS RevokedReason";

    private const string FromJoined =
        " FROM record_certificates c JOIN platform_registrations r ON r.id = c.registration_id JOIN districts d ON d.id = r.district_id";

    private const string InsertValues =
        "INSERT INTO record_certificates (code, registration_id, user_ref, kind, subject_id, subject_title, credit_hours_hundredths, completed_at_ms, holder_name, issued_at_ms) ";

    private static readonly SqlText InsertIfMissing = SqlText.PerProvider(
        sqlite: InsertValues + "VALUES (@Code, @RegistrationId, @UserId, @Kind, @SubjectId, @Title, @Hundredths, @CompletedAtMs, @HolderName, @Now) " +
                "ON CONFLICT (registration_id, user_ref, kind, subject_id) DO NOTHING",
        postgreSql: InsertValues + "VALUES (@Code, @RegistrationId, @UserId, @Kind, @SubjectId, @Title, @Hundredths, @CompletedAtMs, @HolderName, @Now) " +
                    "ON CONFLICT (registration_id, user_ref, kind, subject_id) DO NOTHING",
        sqlServer: InsertValues + "SELECT @Code, @RegistrationId, @UserId, @Kind, @SubjectId, @Title, @Hundredths, @CompletedAtMs, @HolderName, @Now " +
                   "WHERE NOT EXISTS (SELECT 1 FROM record_certificates WITH (UPDLOCK, HOLDLOCK) " +
                   "WHERE registration_id = @RegistrationId AND user_ref = @UserId AND kind = @Kind AND subject_id = @SubjectId)");

    private static readonly SqlText SelectForHolder = SqlText.Portable(
        $"SELECT {Columns}{FromJoined} WHERE c.registration_id = @RegistrationId AND c.user_ref = @UserId AND c.kind = @Kind AND c.subject_id = @SubjectId");

    private static readonly SqlText SelectByCode = SqlText.Portable($"SELECT {Columns}{FromJoined} WHERE c.code = @Code");

    private static readonly SqlText RevokeAllOfUser = SqlText.Portable(
        "UPDATE record_certificates SET revoked_at_ms = @Now, revoked_reason = @Reason, holder_name = NULL " +
        "WHERE registration_id = @RegistrationId AND user_ref = @UserId AND revoked_at_ms IS NULL");

    private readonly Database _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store.</summary>
    public CertificateStore(Database database, TimeProvider timeProvider)
    {
        _database = database;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Returns the holder's certificate for <paramref name="subject"/>, issuing it first when
    /// there is none. A certificate once issued keeps its code, hours and dates.
    /// </summary>
    public async Task<Certificate> GetOrIssueAsync(
        string registrationId, string userId, CertificateSubject subject, string? holderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var key = new { RegistrationId = registrationId, UserId = userId, Kind = subject.Kind.ToString(), SubjectId = subject.Id };

        await using var connection = await _database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(_database.Command(InsertIfMissing, IssueParameters(registrationId, userId, subject, holderName), cancellationToken));

        // A concurrent request may have issued it first; either way the stored row is the certificate.
        var row = await connection.QuerySingleAsync<CertificateRow>(_database.Command(SelectForHolder, key, cancellationToken));
        return row.ToCertificate();
    }

    /// <summary>
    /// Issues the holder's certificate for <paramref name="subject"/> inside the caller's
    /// transaction, so it commits with the completion it certifies. Does nothing when the holder
    /// already has a certificate for it. The caller commits.
    /// </summary>
    public async Task IssueAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, CertificateSubject subject, string? holderName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(subject);
        await connection.ExecuteAsync(_database.Command(InsertIfMissing, IssueParameters(registrationId, userId, subject, holderName), cancellationToken, transaction));
    }

    /// <summary>Returns the certificate with <paramref name="code"/>, or null when no certificate has it.</summary>
    public async Task<Certificate?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CertificateRow>(_database.Command(SelectByCode, new { Code = code }, cancellationToken));
        return row?.ToCertificate();
    }

    /// <summary>
    /// Revokes every valid certificate of one user and removes the holder name from them, inside
    /// the caller's transaction. Returns how many it revoked.
    /// </summary>
    public async Task<int> RevokeAllAsync(
        DbConnection connection, DbTransaction transaction, string registrationId, string userId, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.ExecuteAsync(_database.Command(RevokeAllOfUser, new
        {
            RegistrationId = registrationId,
            UserId = userId,
            Reason = reason,
            Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        }, cancellationToken, transaction));
    }

    private object IssueParameters(string registrationId, string userId, CertificateSubject subject, string? holderName) => new
    {
        Code = NewCode(),
        RegistrationId = registrationId,
        UserId = userId,
        Kind = subject.Kind.ToString(),
        SubjectId = subject.Id,
        subject.Title,
        Hundredths = (int)decimal.Round(subject.CreditHours * 100m, MidpointRounding.AwayFromZero),
        CompletedAtMs = subject.CompletedAt.ToUnixTimeMilliseconds(),
        HolderName = holderName,
        Now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    private static string NewCode() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    private sealed class CertificateRow
    {
        public string Code { get; set; } = "";

        public string RegistrationId { get; set; } = "";

        public string DistrictId { get; set; } = "";

        public string DistrictName { get; set; } = "";

        public string Kind { get; set; } = "";

        public string SubjectId { get; set; } = "";

        public string SubjectTitle { get; set; } = "";

        public long CreditHoursHundredths { get; set; }

        public long CompletedAtMs { get; set; }

        public string? HolderName { get; set; }

        public long IssuedAtMs { get; set; }

        public long? RevokedAtMs { get; set; }

        public string? RevokedReason { get; set; }

        public Certificate ToCertificate() => new()
        {
            Code = Code,
            RegistrationId = RegistrationId,
            DistrictId = DistrictId,
            DistrictName = DistrictName,
            Subject = new CertificateSubject(
                Enum.Parse<CertificateKind>(Kind),
                SubjectId,
                SubjectTitle,
                CreditHoursHundredths / 100m,
                DateTimeOffset.FromUnixTimeMilliseconds(CompletedAtMs)),
            HolderName = HolderName,
            IssuedAt = DateTimeOffset.FromUnixTimeMilliseconds(IssuedAtMs),
            RevokedAt = RevokedAtMs is { } revoked ? DateTimeOffset.FromUnixTimeMilliseconds(revoked) : null,
            RevokedReason = RevokedReason,
        };
    }
}
