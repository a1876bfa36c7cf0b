using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Participants;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// The state of a batch's teachers, read with one query per kind of state, and the rows the batch
/// will write. <see cref="FlushAsync"/> writes the rows.
/// </summary>
internal sealed class BatchState
{
    private readonly LedgerSession _session;
    private readonly Func<string, Task<RuleSet>> _rulesOf;
    private readonly Dictionary<string, RuleSet> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TenantId, string UserId), TeacherState> _teachers = [];
    private readonly HashSet<(string TenantId, string StatementId)> _voided = [];
    private readonly HashSet<(string TenantId, string AwardKey)> _awardKeys = [];
    private readonly List<ParticipantWrite> _participants = [];
    private readonly List<LedgerEntry> _ledger = [];
    private readonly List<LedgerSession.OutboxWrite> _outputs = [];
    private readonly List<(AwardContext Context, int Level, long Position)> _levels = [];
    private readonly List<TeacherState> _touched = [];
    private readonly Dictionary<(string TenantId, string StatementId), List<AwardState>> _awardsBySource = [];
    private readonly List<(string TenantId, string AwardKey, string Status)> _statusChanges = [];
    private readonly List<(string TenantId, string StatementId, string VoidingStatementId, long NowMs)> _voidings = [];
    private bool _loaded;

    public BatchState(LedgerSession session, Func<string, Task<RuleSet>> rulesOf)
    {
        _session = session;
        _rulesOf = rulesOf;
    }

    public async Task<RuleSet> RulesAsync(string tenantId)
    {
        if (!_rules.TryGetValue(tenantId, out var rules))
        {
            rules = await _rulesOf(tenantId);
            _rules[tenantId] = rules;
        }

        return rules;
    }

    /// <summary>Reads the state of every statement from <paramref name="from"/> on, unless it is read already.</summary>
    public async Task EnsureLoadedAsync(BatchProcessor.Item[] items, int from, RuleSet rules)
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        var rest = items.Skip(from).Where(item => item.Claimed).ToList();
        foreach (var tenant in rest.GroupBy(item => item.TenantId, StringComparer.Ordinal))
        {
            var tenantRules = tenant.Key == rest[0].TenantId ? rules : await RulesAsync(tenant.Key);
            await LoadTenantAsync(tenant.Key, tenant.ToList(), tenantRules);
        }
    }

    public TeacherState Teacher(string tenantId, string userId) => _teachers[(tenantId, userId)];

    public bool IsVoided(string tenantId, string statementId) => _voided.Contains((tenantId, statementId));

    /// <summary>Returns true and marks the key taken when no ledger row has it yet.</summary>
    public bool TakeAwardKey(string tenantId, string awardKey) => _awardKeys.Add((tenantId, awardKey));

    /// <summary>Records the participant like an insert-if-absent that fills a missing school.</summary>
    public void EnsureParticipant(string tenantId, string userId, string homePage, string accountName, string? schoolId, long nowMs)
    {
        var teacher = Teacher(tenantId, userId);
        if (!teacher.Exists)
        {
            teacher.Exists = true;
            teacher.Ranked = true;
            teacher.HasSchool = schoolId is not null;
            _participants.Add(new ParticipantWrite(tenantId, userId, homePage, accountName, schoolId, nowMs, Insert: true));
        }
        else if (schoolId is not null && !teacher.HasSchool)
        {
            teacher.HasSchool = true;
            _participants.Add(new ParticipantWrite(tenantId, userId, homePage, accountName, schoolId, nowMs, Insert: false));
        }
    }

    /// <summary>Records a new award row and what it changes: cap, burst window, total and standings.</summary>
    public void AddAward(RuleSet rules, TeacherState teacher, LedgerEntry entry)
    {
        _ledger.Add(entry);
        if (entry.ReversesAwardKey is null)
        {
            // Reversal rows count neither in the burst window nor against the daily cap.
            teacher.AwardTimes.Add(entry.AwardedAtMs);
            AwardsFrom(entry.TenantId, entry.SourceStatementId!).Add(new AwardState(entry));
        }

        if (entry.Capped)
        {
            teacher.CappedByDay[entry.LocalDay] = teacher.CappedOn(entry.LocalDay) + entry.Points;
        }

        if (entry.Status != AwardStatus.Counted || entry.Points == 0)
        {
            return;
        }

        teacher.Total += entry.Points;
        var day = DateOnly.FromDayNumber(entry.LocalDay);
        teacher.Standing(LedgerSession.AllTimeSeason).Current += entry.Points;
        foreach (var season in rules.Seasons)
        {
            if (season.Contains(day))
            {
                teacher.Standing(season.Id).Current += entry.Points;
            }
        }

        if (!teacher.Touched)
        {
            teacher.Touched = true;
            _touched.Add(teacher);
        }
    }

    /// <summary>
    /// Records a voiding statement and reverses, in award key order, every award of its target
    /// not reversed yet, as <see cref="ReversalWriter"/> does: a held award becomes rejected, and a
    /// reversal row cancels the points of a counted one.
    /// </summary>
    public void Void(RuleSet rules, string tenantId, string targetId, string voidingId, long position, long nowMs)
    {
        _voidings.Add((tenantId, targetId, voidingId, nowMs));
        _voided.Add((tenantId, targetId));
        if (!_awardsBySource.TryGetValue((tenantId, targetId), out var awards))
        {
            return;
        }

        var reason = $"Statement {targetId} was voided by statement {voidingId}";
        foreach (var award in awards.OrderBy(award => award.Entry.AwardKey, StringComparer.Ordinal).ToList())
        {
            var entry = award.Entry;
            var reversalKey = GamificationKeys.AwardKey(entry.UserId, GamificationKeys.ReversalRule, entry.AwardKey);
            if (!TakeAwardKey(tenantId, reversalKey))
            {
                continue;
            }

            var points = award.Status == AwardStatus.Counted ? -entry.Points : 0;
            if (award.Status == AwardStatus.Held)
            {
                award.Status = AwardStatus.Rejected;
                _statusChanges.Add((tenantId, entry.AwardKey, AwardStatus.Rejected));
            }

            AddAward(rules, Teacher(tenantId, entry.UserId), new LedgerEntry
            {
                TenantId = tenantId, AwardKey = reversalKey, UserId = entry.UserId, RuleKey = GamificationKeys.ReversalRule,
                ItemId = entry.AwardKey, Points = points, Status = AwardStatus.Counted, Capped = false, Reason = reason,
                SourceStatementId = voidingId, ReversesAwardKey = entry.AwardKey, CourseId = entry.CourseId, SchoolId = entry.SchoolId,
                LocalDay = entry.LocalDay, AwardedAtMs = entry.AwardedAtMs, Position = position, RecordedAtMs = nowMs,
            });
        }
    }

    public void AddOutput(string tenantId, OutputStatement output, long nowMs) => _outputs.Add(new LedgerSession.OutboxWrite(tenantId, output, nowMs));

    public void AddLevel(AwardContext context, int level, long position) => _levels.Add((context, level, position));

    /// <summary>
    /// Writes the pending rows in order: participants, ledger, status changes, voided ids, outbox,
    /// levels, standings and their counts. A ledger or level row that already exists was written by a concurrent engine after
    /// the batch read its state, so the batch's evaluation is stale and is thrown away.
    /// </summary>
    public async Task FlushAsync()
    {
        foreach (var write in _participants)
        {
            if ((!write.Insert || !await _session.InsertParticipantRowAsync(write.TenantId, write.UserId, write.HomePage, write.AccountName, write.SchoolId, write.NowMs))
                && write.SchoolId is not null)
            {
                await _session.FillParticipantSchoolRowAsync(write.TenantId, write.UserId, write.SchoolId, write.NowMs);
            }
        }

        if (await _session.InsertLedgerRowsAsync(_ledger) != _ledger.Count)
        {
            throw new ConcurrentBatchException("An award of the batch was written by another engine during the batch.");
        }

        await FlushCappedPointsAsync();

        foreach (var (tenantId, awardKey, status) in _statusChanges)
        {
            await _session.SetStatusRowAsync(tenantId, awardKey, status);
        }

        foreach (var (tenantId, statementId, voidingId, nowMs) in _voidings)
        {
            await _session.InsertVoidedRowAsync(tenantId, statementId, voidingId, nowMs);
        }

        await _session.InsertOutboxRowsAsync(_outputs);

        foreach (var (context, level, position) in _levels)
        {
            if (!await _session.InsertLevelRowAsync(context.TenantId, context.UserId, level, context.AwardedAt.ToUnixTimeMilliseconds(), context.SourceStatementId, position))
            {
                throw new ConcurrentBatchException($"Level {level} of a teacher was written by another engine during the batch.");
            }
        }

        await FlushStandingsAsync();
        _participants.Clear();
        _ledger.Clear();
        _statusChanges.Clear();
        _voidings.Clear();
        _outputs.Clear();
        _levels.Clear();
    }

    // One upsert per teacher and day, however many capped awards the batch gave them that day.
    private async Task FlushCappedPointsAsync()
    {
        var cappedByDay = new Dictionary<(string TenantId, string UserId, int LocalDay), int>();
        foreach (var entry in _ledger)
        {
            if (entry.Capped && entry.ReversesAwardKey is null)
            {
                var key = (entry.TenantId, entry.UserId, entry.LocalDay);
                cappedByDay[key] = cappedByDay.GetValueOrDefault(key) + entry.Points;
            }
        }

        foreach (var ((tenantId, userId, localDay), points) in cappedByDay)
        {
            await _session.AddCappedPointsAsync(tenantId, userId, localDay, points);
        }
    }

    private async Task FlushStandingsAsync()
    {
        var counts = new Dictionary<(string TenantId, string SeasonId, long Points), long>();
        foreach (var teacher in _touched)
        {
            foreach (var (seasonId, standing) in teacher.Standings)
            {
                if (standing.Exists && standing.Current == standing.Baseline)
                {
                    continue;
                }

                long before;
                long after;
                if (!standing.Exists)
                {
                    // A concurrent insert of the same key fails on the primary key, and the batch is retried.
                    await _session.InsertStandingRowAsync(teacher.TenantId, seasonId, teacher.UserId, standing.Current, standing.Ranked ? 1 : 0);
                    standing.Exists = true;
                    before = long.MinValue;
                    after = standing.Current;
                }
                else
                {
                    var delta = standing.Current - standing.Baseline;
                    after = await _session.AddToStandingRowAsync(teacher.TenantId, seasonId, teacher.UserId, delta)
                        ?? throw new ConcurrentBatchException("A standings row the batch read was removed during the batch.");
                    before = after - delta;
                }

                standing.Baseline = standing.Current;
                if (standing.Ranked)
                {
                    if (before != long.MinValue)
                    {
                        Count(counts, (teacher.TenantId, seasonId, before), -1);
                    }

                    Count(counts, (teacher.TenantId, seasonId, after), 1);
                }
            }
        }

        foreach (var teacher in _touched)
        {
            teacher.Touched = false;
        }

        _touched.Clear();
        foreach (var ((tenantId, seasonId, points), change) in counts)
        {
            if (change != 0)
            {
                await _session.AddToStandingCountRowAsync(tenantId, seasonId, points, change);
            }
        }
    }

    private static void Count(Dictionary<(string, string, long), long> counts, (string, string, long) key, long change) =>
        counts[key] = counts.GetValueOrDefault(key) + change;

    private List<AwardState> AwardsFrom(string tenantId, string statementId)
    {
        if (!_awardsBySource.TryGetValue((tenantId, statementId), out var awards))
        {
            awards = [];
            _awardsBySource[(tenantId, statementId)] = awards;
        }

        return awards;
    }

    private async Task LoadTenantAsync(string tenantId, List<BatchProcessor.Item> items, RuleSet rules)
    {
        // The awards that the batch's voiding statements reverse may belong to teachers who sent
        // nothing in the batch, so they are read first.
        var targets = items.Where(item => item.Statement.VoidedStatementId is not null)
            .Select(item => item.Statement.VoidedStatementId!.Value.ToString("D")).Distinct(StringComparer.Ordinal).ToList();
        var voidedAwards = targets.Count == 0 ? [] : await _session.AwardsFromStatementsAsync(tenantId, targets);
        foreach (var award in voidedAwards)
        {
            AwardsFrom(tenantId, award.SourceStatementId!).Add(new AwardState(award));
        }

        var userIds = items.Select(item => item.UserId)
            .Concat(items.Where(item => item.LearnerUserId is not null).Select(item => item.LearnerUserId!))
            .Concat(voidedAwards.Select(award => award.UserId))
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var userId in userIds)
        {
            _teachers[(tenantId, userId)] = new TeacherState(tenantId, userId);
        }

        foreach (var row in await _session.ParticipantsAsync(tenantId, userIds))
        {
            var teacher = _teachers[(tenantId, row.UserId)];
            teacher.Exists = true;
            teacher.Ranked = row.Role == ParticipantRole.Teacher;
            teacher.HasSchool = row.HasSchool;
        }

        foreach (var row in await _session.StandingsOfUsersAsync(tenantId, userIds))
        {
            var teacher = _teachers[(tenantId, row.UserId)];
            teacher.Standings[row.SeasonId] = new SeasonStanding { Exists = true, Baseline = row.Points, Current = row.Points, Ranked = row.Ranked };
            if (row.SeasonId == LedgerSession.AllTimeSeason)
            {
                // The all-time standing is kept equal to the counted points in the ledger's own transaction.
                teacher.Total = (int)row.Points;
            }
        }

        foreach (var row in await _session.MaxLevelsAsync(tenantId, userIds))
        {
            _teachers[(tenantId, row.UserId)].MaxLevel = row.Level;
        }

        if (rules.Badges.Count > 0)
        {
            foreach (var row in await _session.BadgesOfUsersAsync(tenantId, userIds))
            {
                _teachers[(tenantId, row.UserId)].Badges.Add(row.BadgeId);
            }
        }

        var earliestMs = items.Min(item => item.Statement.Stored.ToUnixTimeMilliseconds());
        foreach (var row in await _session.AwardTimesAsync(tenantId, userIds, earliestMs - (rules.BurstWindowSeconds * 1000L)))
        {
            _teachers[(tenantId, row.UserId)].AwardTimes.Add(row.AwardedAtMs);
        }

        var days = items.Select(item => rules.LocalDay(item.Statement.Stored).DayNumber).Distinct().ToArray();
        foreach (var row in await _session.CappedPointsAsync(tenantId, userIds, days))
        {
            _teachers[(tenantId, row.UserId)].CappedByDay[row.LocalDay] = (int)row.Points;
        }

        var statementIds = items.Select(item => item.StatementId).ToList();
        foreach (var id in await _session.VoidedIdsAsync(tenantId, statementIds))
        {
            _voided.Add((tenantId, id));
        }

        var keys = items.Where(item => item.Statement.VoidedStatementId is null)
            .SelectMany(item => { item.Candidates(rules); return item.AwardKeys!; }).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in await _session.ExistingAwardKeysAsync(tenantId, keys))
        {
            _awardKeys.Add((tenantId, key));
        }
    }

    /// <summary>An award a voiding statement may reverse, with its status as the batch leaves it.</summary>
    private sealed class AwardState(LedgerEntry entry)
    {
        public LedgerEntry Entry { get; } = entry;

        public string Status { get; set; } = entry.Status;
    }

    private sealed record ParticipantWrite(string TenantId, string UserId, string HomePage, string AccountName, string? SchoolId, long NowMs, bool Insert);
}

/// <summary>One teacher's state during a batch: participant, total, level, badges, recent awards and standings.</summary>
internal sealed class TeacherState(string tenantId, string userId)
{
    public string TenantId { get; } = tenantId;

    public string UserId { get; } = userId;

    public bool Exists { get; set; }

    public bool Ranked { get; set; }

    public bool HasSchool { get; set; }

    /// <summary>Whether the batch changed the teacher's standings since they were last written.</summary>
    public bool Touched { get; set; }

    public int Total { get; set; }

    public int MaxLevel { get; set; } = 1;

    public HashSet<string> Badges { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Award times (no reversal rows) from the batch's lower bound on.</summary>
    public List<long> AwardTimes { get; } = [];

    /// <summary>Capped points (no reversal rows, any status) per district-local day.</summary>
    public Dictionary<int, int> CappedByDay { get; } = [];

    public Dictionary<string, SeasonStanding> Standings { get; } = new(StringComparer.Ordinal);

    public int CappedOn(int localDay) => CappedByDay.GetValueOrDefault(localDay);

    /// <summary>Counts awards after <paramref name="sinceMs"/>, as the burst limit does.</summary>
    public int AwardsAfter(long sinceMs)
    {
        var count = 0;
        foreach (var time in AwardTimes)
        {
            if (time > sinceMs)
            {
                count++;
            }
        }

        return count;
    }

    public SeasonStanding Standing(string seasonId)
    {
        if (!Standings.TryGetValue(seasonId, out var standing))
        {
            standing = new SeasonStanding { Ranked = Ranked };
            Standings[seasonId] = standing;
        }

        return standing;
    }
}

/// <summary>A teacher's standings row in one season: as read (or absent) and as the batch leaves it.</summary>
internal sealed class SeasonStanding
{
    public bool Exists { get; set; }

    public long Baseline { get; set; }

    public long Current { get; set; }

    public bool Ranked { get; set; }
}

/// <summary>A concurrent engine wrote a row the batch expected to write; the batch is evaluated again.</summary>
internal sealed class ConcurrentBatchException(string message) : Exception(message);
