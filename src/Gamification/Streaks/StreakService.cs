using LtiPd.Gamification.Data;
using LtiPd.Gamification.Engine;
using LtiPd.Gamification.Rules;

namespace LtiPd.Gamification.Streaks;

/// <summary>Reads streaks and takes personal pause weeks (a limited number per semester).</summary>
public sealed class StreakService
{
    private readonly GamificationEngine _engine;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the service over <paramref name="engine"/>'s database.</summary>
    public StreakService(GamificationEngine engine, TimeProvider timeProvider)
    {
        _engine = engine;
        _timeProvider = timeProvider;
    }

    /// <summary>Returns the teacher's streak as of today in the district's time zone.</summary>
    public Task<StreakStatus> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _engine.InTransactionAsync(
            async session => await ReadStatusAsync(session, await GamificationEngine.LoadRulesAsync(session, tenantId), tenantId, userId),
            cancellationToken);
    }

    /// <summary>Returns the teacher's streak with the weeks of the current semester in the district's time zone.</summary>
    public Task<StreakCalendar> GetCalendarAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return _engine.InTransactionAsync(
            async session =>
            {
                var rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
                var status = await ReadStatusAsync(session, rules, tenantId, userId);
                var today = rules.LocalDay(_timeProvider.GetUtcNow());
                if (rules.Semesters.FirstOrDefault(range => range.Contains(today)) is not { } semester)
                {
                    return new StreakCalendar(status, null, [], rules.PauseWeeksPerSemester);
                }

                var meaningful = rules.PointRules.Where(rule => rule.Meaningful).Select(rule => rule.Key).ToList();
                var activeDays = await session.ActiveDaysAsync(tenantId, userId, meaningful);
                var pauses = await session.PauseWeeksAsync(tenantId, userId);
                return new StreakCalendar(status, semester, StreakCalendar.WeeksOf(rules, semester, activeDays, pauses, today), rules.PauseWeeksPerSemester);
            },
            cancellationToken);
    }

    /// <summary>
    /// Pauses the week that contains <paramref name="day"/>, so the streak freezes through it. Only the
    /// current or a later week of a semester can be paused, within the semester's allowance,
    /// and never a district break week, which freezes the streak anyway.
    /// </summary>
    public Task<GamificationResult<StreakStatus>> PauseAsync(string tenantId, string userId, DateOnly day, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var nowMs = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return _engine.InTransactionAsync(
            async session =>
            {
                var rules = await GamificationEngine.LoadRulesAsync(session, tenantId);
                var week = StreakCalculator.WeekStart(day);
                var currentWeek = StreakCalculator.WeekStart(rules.LocalDay(_timeProvider.GetUtcNow()));
                if (week < currentWeek)
                {
                    return Fail(new InvalidInputError(3501, $"The week of {week:yyyy-MM-dd} is over. Pause the current week or a later one."));
                }

                if (rules.Semesters.FirstOrDefault(semester => semester.Contains(week)) is not { } semester)
                {
                    return Fail(new InvalidInputError(3502, $"The week of {week:yyyy-MM-dd} is in no semester of the district calendar. Pause a week inside a semester."));
                }

                if (StreakCalculator.IsBreakWeek(rules, week))
                {
                    return Fail(new InvalidInputError(3505, $"The week of {week:yyyy-MM-dd} is a district break, so it already freezes your streak. Pause another week."));
                }

                var pauses = await session.PauseWeeksAsync(tenantId, userId);
                var used = pauses.Count(pause => semester.Contains(DateOnly.FromDayNumber(pause)));
                if (pauses.Contains(week.DayNumber))
                {
                    return Fail(new ConflictError(3503, $"The week of {week:yyyy-MM-dd} is already paused."));
                }

                if (used >= rules.PauseWeeksPerSemester)
                {
                    return Fail(new ConflictError(3504, $"All {rules.PauseWeeksPerSemester} pause weeks of this semester are used."));
                }

                await session.InsertPauseAsync(tenantId, userId, week.DayNumber, nowMs);
                return new GamificationResult<StreakStatus>(await ReadStatusAsync(session, rules, tenantId, userId));
            },
            cancellationToken);
    }

    private async Task<StreakStatus> ReadStatusAsync(LedgerSession session, RuleSet rules, string tenantId, string userId)
    {
        var today = rules.LocalDay(_timeProvider.GetUtcNow());
        var meaningful = rules.PointRules.Where(rule => rule.Meaningful).Select(rule => rule.Key).ToList();
        var activeDays = await session.ActiveDaysAsync(tenantId, userId, meaningful);
        var pauses = await session.PauseWeeksAsync(tenantId, userId);
        var weekStart = StreakCalculator.WeekStart(today).DayNumber;
        return new StreakStatus(
            StreakCalculator.Compute(rules, activeDays, pauses, today),
            activeDays.Any(day => day >= weekStart && day <= today.DayNumber),
            PausesLeft(rules, pauses, today));
    }

    private static GamificationResult<StreakStatus> Fail(GamificationError error) => new(error);

    private static int PausesLeft(RuleSet rules, IReadOnlyList<int> pauses, DateOnly today)
    {
        var semester = rules.Semesters.FirstOrDefault(range => range.Contains(today));
        return semester is null
            ? 0
            : Math.Max(0, rules.PauseWeeksPerSemester - pauses.Count(pause => semester.Contains(DateOnly.FromDayNumber(pause))));
    }
}
