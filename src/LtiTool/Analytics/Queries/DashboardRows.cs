namespace LtiPd.LtiTool.Analytics.Queries;

// The rows have settable properties, not constructors, because Dapper then converts each
// engine's integer types (SQLite INTEGER, PostgreSQL int4 and int8, SQL Server int and bigint).

/// <summary>Distinct learners with a learning step in the week that starts on Monday <see cref="WeekStartDay"/>.</summary>
internal sealed class WeeklyActiveRow
{
    public int WeekStartDay { get; init; }

    public long Learners { get; init; }
}

/// <summary>Distinct learners per funnel stage of one module. A learner counts at a stage when they reached it or a later one.</summary>
internal sealed class FunnelRow
{
    public string ModuleId { get; init; } = "";

    public string? ModuleName { get; init; }

    public long Launched { get; init; }

    public long Started { get; init; }

    public long Completed { get; init; }
}

/// <summary>Learners whose points earned in the range fall in a bucket; <see cref="Bucket"/> indexes <see cref="DashboardQueries.PointsBuckets"/>.</summary>
internal sealed class PointsBucketRow
{
    public int Bucket { get; init; }

    public long Learners { get; init; }
}

/// <summary>Learners whose highest level reached by the end of the range is <see cref="Level"/>.</summary>
internal sealed class LevelRow
{
    public int Level { get; init; }

    public long Learners { get; init; }
}

/// <summary>
/// Evidence turnaround of one module, or of all modules when <see cref="ModuleId"/> is null:
/// submissions with a first approval or return, submissions still waiting, and the nearest-rank
/// median and 90th percentile of submitted-to-first-feedback time in milliseconds.
/// </summary>
internal sealed class TurnaroundRow
{
    public string? ModuleId { get; init; }

    public long Reviewed { get; init; }

    public long Pending { get; init; }

    public long? MedianMs { get; init; }

    public long? P90Ms { get; init; }
}

/// <summary>Reviews one reviewer did in the range.</summary>
internal sealed class ReviewerRow
{
    public long ActorId { get; init; }

    public string? ReviewerName { get; init; }

    public long Approved { get; init; }

    public long Returned { get; init; }
}

/// <summary>Learners of a school (null: no school recorded) who completed a module in the range.</summary>
internal sealed class SchoolCompletionRow
{
    public string? SchoolId { get; init; }

    public string ModuleId { get; init; } = "";

    public long Learners { get; init; }
}
