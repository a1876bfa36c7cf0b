namespace LtiPd.Gamification.Streaks;

/// <summary>What a week of the semester did to the teacher's streak.</summary>
public enum StreakWeekState
{
    /// <summary>The week has a meaningful award, so it counts.</summary>
    Counted,

    /// <summary>The teacher paused the week, so it freezes the streak.</summary>
    Paused,

    /// <summary>A weekday of the week is inside a district break, so it freezes the streak.</summary>
    Break,

    /// <summary>A past week with no meaningful award, no pause and no break: it ended the streak.</summary>
    Missed,

    /// <summary>The current week, without a meaningful award so far.</summary>
    InProgress,

    /// <summary>A week still to come.</summary>
    Upcoming,
}
