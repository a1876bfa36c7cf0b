using System.Text.Json.Serialization;

namespace LtiPd.XapiBridge.Statements;

/// <summary>
/// Activities that relate to the statement's object. Each list is read from either a single
/// Activity or an array (xAPI allows both) and always written as an array.
/// </summary>
public sealed class ContextActivities
{
    /// <summary>The direct parents, such as the module of a lesson.</summary>
    [JsonConverter(typeof(ActivityListConverter))]
    public IList<Activity>? Parent { get; set; }

    /// <summary>Indirect relations, such as the course of a lesson.</summary>
    [JsonConverter(typeof(ActivityListConverter))]
    public IList<Activity>? Grouping { get; set; }

    /// <summary>Tags, such as the xAPI profile the statement follows.</summary>
    [JsonConverter(typeof(ActivityListConverter))]
    public IList<Activity>? Category { get; set; }

    /// <summary>Any other related Activities.</summary>
    [JsonConverter(typeof(ActivityListConverter))]
    public IList<Activity>? Other { get; set; }
}
