namespace LtiPd.LtiTool.Pathways;

/// <summary>A course (LTI context) of the district.</summary>
public sealed record CourseRecord
{
    /// <summary>Our id of the context row.</summary>
    public required string Id { get; init; }

    /// <summary>The course title, when the platform sent one.</summary>
    public string? Title { get; init; }

    /// <summary>The course label (short code), when the platform sent one.</summary>
    public string? Label { get; init; }

    /// <summary>Returns the title, else the label, else the id.</summary>
    public string DisplayName => Title ?? Label ?? Id;
}
