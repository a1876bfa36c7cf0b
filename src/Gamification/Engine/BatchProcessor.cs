using System.Globalization;
using LtiPd.Gamification.Data;
using LtiPd.Gamification.Output;
using LtiPd.Gamification.Points;
using LtiPd.Gamification.Rules;
using LtiPd.Gamification.Statements;

namespace LtiPd.Gamification.Engine;

/// <summary>
/// Processes a batch of statements with set reads and reused row commands: it claims the batch,
/// loads the state of the batch's teachers once (participants, standings, levels, badges, the
/// award rows that the daily cap and the burst window count, the award keys the batch could earn
/// the voided ids and the awards that voiding statements reverse), evaluates the rules in memory
/// in statement order exactly as <see cref="StatementProcessor"/> does, and writes the rows. The ledger's unique keys stay the last guard: when a row the evaluation
/// expected to be new is already there, a concurrent engine wrote it, and
/// <see cref="ConcurrentBatchException"/> makes the caller evaluate the batch again.
/// </summary>
internal sealed class BatchProcessor
{
    private readonly AwardStatementBuilder _statements;
    private readonly BadgeEvaluator _badges;

    public BatchProcessor(AwardStatementBuilder statements, Func<string, string?>? moduleTopic = null)
    {
        _statements = statements;
        _badges = new BadgeEvaluator(statements, moduleTopic);
    }

    public async Task<IReadOnlyList<ProcessOutcome>> ProcessAsync(
        LedgerSession session, IReadOnlyList<GamificationStatement> statements, Func<string, Task<RuleSet>> rulesOf, long nowMs)
    {
        var items = new Item[statements.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var statement = statements[i];
            items[i] = new Item(statement, GamificationKeys.TenantOf(statement), GamificationKeys.UserId(statement.ActorHomePage, statement.ActorName));
        }

        var outcomes = new ProcessOutcome[items.Length];
        await ClaimAsync(session, items, outcomes, nowMs);
        var batch = new BatchState(session, rulesOf);
        await ResolveLearnersAsync(session, items);

        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (!item.Claimed)
            {
                continue;
            }

            var rules = await batch.RulesAsync(item.TenantId);
            await batch.EnsureLoadedAsync(items, i, rules);
            outcomes[i] = await ApplyAsync(session, batch, rules, item, nowMs);
        }

        await batch.FlushAsync();
        return outcomes;
    }

    /// <summary>Assigns positions to the statements the engine does not hold yet and writes their copies.</summary>
    private static async Task ClaimAsync(LedgerSession session, Item[] items, ProcessOutcome[] outcomes, long nowMs)
    {
        foreach (var tenant in items.GroupBy(item => item.TenantId, StringComparer.Ordinal))
        {
            var held = await session.ExistingStatementIdsAsync(tenant.Key, tenant.Select(item => item.StatementId).Distinct(StringComparer.Ordinal).ToList());
            long? next = null;
            foreach (var item in tenant)
            {
                if (!held.Add(item.StatementId))
                {
                    continue;
                }

                next ??= await session.NextPositionAsync(tenant.Key);
                item.Position = next.Value;
                next++;
                item.Claimed = true;
            }
        }

        var claims = new List<LedgerSession.StatementClaim>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (!item.Claimed)
            {
                outcomes[i] = ProcessOutcome.Duplicate;
                continue;
            }

            claims.Add(new LedgerSession.StatementClaim(
                item.TenantId, item.StatementId, item.Position, item.Statement.Stored.ToUnixTimeMilliseconds(), item.UserId,
                StatementPayload.Serialize(item.Statement), nowMs));
        }

        if (await session.ClaimStatementRowsAsync(claims) != claims.Count)
        {
            throw new ConcurrentBatchException("A statement of the batch was claimed by another engine during the batch.");
        }
    }

    /// <summary>
    /// Finds the learner each review credits, as <see cref="StatementProcessor"/> does: the actor
    /// of the submission named by context.statement when the engine has stored it, else the learner
    /// named in the statement, else the reviewer.
    /// </summary>
    private static async Task ResolveLearnersAsync(LedgerSession session, Item[] items)
    {
        var reviews = items.Where(item => item.Claimed && item.Statement.VoidedStatementId is null && XapiTerms.IsReview(item.Statement.VerbId)).ToList();
        if (reviews.Count == 0)
        {
            return;
        }

        // Submissions stored before this batch come from the database. A submission claimed in this
        // batch counts only for the reviews after it, as it would one statement at a time.
        var claimedNow = items.Where(item => item.Claimed).Select(item => (item.TenantId, item.StatementId)).ToHashSet();
        var actors = new Dictionary<(string, string), (string HomePage, string AccountName)>();
        foreach (var tenant in reviews.Where(item => item.Statement.ContextStatementId is not null).GroupBy(item => item.TenantId, StringComparer.Ordinal))
        {
            var ids = tenant.Select(item => item.Statement.ContextStatementId!.Value.ToString("D"))
                .Where(id => !claimedNow.Contains((tenant.Key, id))).Distinct(StringComparer.Ordinal).ToList();
            foreach (var (id, account) in await session.StatementActorsAsync(tenant.Key, ids))
            {
                actors[(tenant.Key, id)] = account;
            }
        }

        foreach (var item in items.Where(item => item.Claimed))
        {
            if (XapiTerms.IsReview(item.Statement.VerbId) && item.Statement.VoidedStatementId is null)
            {
                var learner = item.Statement.LearnerAccount;
                if (item.Statement.ContextStatementId is { } submission
                    && actors.TryGetValue((item.TenantId, submission.ToString("D")), out var submitter))
                {
                    learner = submitter;
                }

                if (learner is { } named && (named.HomePage, named.Name) != (item.Statement.ActorHomePage, item.Statement.ActorName))
                {
                    item.Learner = named;
                }
            }

            actors.TryAdd((item.TenantId, item.StatementId), (item.Statement.ActorHomePage, item.Statement.ActorName));
        }
    }

    private async Task<ProcessOutcome> ApplyAsync(LedgerSession session, BatchState batch, RuleSet rules, Item item, long nowMs)
    {
        var statement = item.Statement;
        var tenantId = item.TenantId;
        batch.EnsureParticipant(tenantId, item.UserId, statement.ActorHomePage, statement.ActorName, statement.Extension(XapiTerms.SchoolExtension), nowMs);
        if (statement.VoidedStatementId is { } target)
        {
            batch.Void(rules, tenantId, target.ToString("D"), item.StatementId, item.Position, nowMs);
            return ProcessOutcome.Voiding;
        }

        // xAPI 1.0.3 Data, 2.3.2: a voided statement no longer counts. The voiding statement can
        // reach the engine first, so it is remembered and its target earns nothing.
        if (batch.IsVoided(tenantId, item.StatementId))
        {
            return ProcessOutcome.AlreadyVoided;
        }

        var (homePage, accountName, userId) = (statement.ActorHomePage, statement.ActorName, item.UserId);
        if (item.Learner is { } learner)
        {
            (homePage, accountName) = learner;
            userId = item.LearnerUserId!;
            batch.EnsureParticipant(tenantId, userId, homePage, accountName, null, nowMs);
        }

        var teacher = batch.Teacher(tenantId, userId);
        var context = new AwardContext(tenantId, userId, homePage, accountName, statement.Stored, item.StatementId);
        var storedMs = statement.Stored.ToUnixTimeMilliseconds();
        var localDay = rules.LocalDay(statement.Stored).DayNumber;
        var awarded = false;
        var candidates = item.Candidates(rules);
        for (var c = 0; c < candidates.Count; c++)
        {
            var candidate = candidates[c];
            var awardKey = item.AwardKeys![c];
            if (!batch.TakeAwardKey(tenantId, awardKey))
            {
                continue;
            }

            var points = candidate.Points;
            var reason = $"{candidate.Rule.Description} ({candidate.ItemId}): {points} points";
            if (candidate.Rule.Capped)
            {
                var remaining = Math.Max(0, rules.DailyCap - teacher.CappedOn(localDay));
                if (points > remaining)
                {
                    reason = $"{candidate.Rule.Description} ({candidate.ItemId}): {remaining} of {points} points, daily cap of {rules.DailyCap} reached";
                    points = remaining;
                }
            }

            var status = AwardStatus.Counted;
            if (teacher.AwardsAfter(storedMs - (rules.BurstWindowSeconds * 1000L)) >= rules.BurstMaxAwards)
            {
                status = AwardStatus.Held;
                reason += string.Create(CultureInfo.InvariantCulture, $"; held for review: more than {rules.BurstMaxAwards} awards in {rules.BurstWindowSeconds} s");
            }

            var entry = new LedgerEntry
            {
                TenantId = tenantId, AwardKey = awardKey, UserId = userId, RuleKey = candidate.Rule.Key,
                ItemId = candidate.ItemId, Points = points, Status = status, Capped = candidate.Rule.Capped, Reason = reason,
                SourceStatementId = item.StatementId, CourseId = statement.Extension(XapiTerms.CourseExtension),
                SchoolId = statement.Extension(XapiTerms.SchoolExtension), LocalDay = localDay, AwardedAtMs = storedMs,
                Position = item.Position, RecordedAtMs = nowMs,
            };
            batch.AddAward(rules, teacher, entry);
            if (points > 0 && status == AwardStatus.Counted)
            {
                var output = _statements.Points(context, awardKey, candidate.Rule.Key, points, reason);
                batch.AddOutput(tenantId, output, nowMs);
            }

            awarded = true;
        }

        if (awarded)
        {
            await UpdateProgressAsync(session, batch, rules, teacher, context, item.Position, nowMs);
        }

        return ProcessOutcome.Processed;
    }

    private async Task UpdateProgressAsync(LedgerSession session, BatchState batch, RuleSet rules, TeacherState teacher, AwardContext context, long position, long nowMs)
    {
        var level = rules.LevelFor(teacher.Total);
        for (var reached = teacher.MaxLevel + 1; reached <= level; reached++)
        {
            batch.AddLevel(context, reached, position);
            batch.AddOutput(context.TenantId, _statements.Level(context, reached, rules.Levels[reached - 1].Name), nowMs);
        }

        teacher.MaxLevel = Math.Max(teacher.MaxLevel, level);
        if (rules.Badges.Count == 0 || rules.Badges.All(badge => teacher.Badges.Contains(badge.Id)))
        {
            return;
        }

        // Badge criteria read the teacher's history from the ledger, so the rows so far go first.
        await batch.FlushAsync();
        await _badges.AwardEarnedBadgesAsync(session, rules, context, teacher.Total, level, position, nowMs);
        teacher.Badges = new HashSet<string>(await session.BadgeIdsAsync(context.TenantId, context.UserId), StringComparer.Ordinal);
    }

    /// <summary>One statement of the batch and what the claim and review resolution found.</summary>
    internal sealed class Item(GamificationStatement statement, string tenantId, string userId)
    {
        public GamificationStatement Statement { get; } = statement;

        public string TenantId { get; } = tenantId;

        public string UserId { get; } = userId;

        public string StatementId { get; } = statement.Id.ToString("D");

        public bool Claimed { get; set; }

        public long Position { get; set; }

        public (string HomePage, string Name)? Learner
        {
            get;
            set
            {
                field = value;
                LearnerUserId = value is { } account ? GamificationKeys.UserId(account.HomePage, account.Name) : null;
            }
        }

        public string? LearnerUserId { get; private set; }

        /// <summary>The user the statement's awards go to: the learner of a review, else the actor.</summary>
        public string AwardUserId => LearnerUserId ?? UserId;

        /// <summary>The award keys of <see cref="Candidates"/>, in the same order, once computed.</summary>
        public string[]? AwardKeys { get; private set; }

        private IReadOnlyList<AwardCandidate>? _candidates;

        /// <summary>The rule candidates of the statement and their award keys, computed once.</summary>
        public IReadOnlyList<AwardCandidate> Candidates(RuleSet rules)
        {
            if (_candidates is null)
            {
                _candidates = PointRuleEvaluator.Evaluate(rules, Statement);
                AwardKeys = _candidates.Select(candidate => GamificationKeys.AwardKey(AwardUserId, candidate.Rule.Key, candidate.ItemId)).ToArray();
            }

            return _candidates;
        }
    }
}

