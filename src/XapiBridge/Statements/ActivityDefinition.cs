using System.Text.Json;

namespace LtiPd.XapiBridge.Statements;

/// <summary>Metadata of an Activity, including the interaction details of a question.</summary>
public sealed class ActivityDefinition
{
    /// <summary>The Activity's name by language.</summary>
    public LanguageMap? Name { get; set; }

    /// <summary>The Activity's description by language.</summary>
    public LanguageMap? Description { get; set; }

    /// <summary>The Activity type IRI, such as <c>http://adlnet.gov/expapi/activities/course</c>.</summary>
    public string? Type { get; set; }

    /// <summary>An IRL with human-readable information about the Activity.</summary>
    public string? MoreInfo { get; set; }

    /// <summary>One of <see cref="InteractionTypes"/>, for a question (cmi.interaction) Activity.</summary>
    public string? InteractionType { get; set; }

    /// <summary>The correct responses in the format of the interaction type.</summary>
    public IList<string>? CorrectResponsesPattern { get; set; }

    /// <summary>The options of a <c>choice</c> or <c>sequencing</c> interaction.</summary>
    public IList<InteractionComponent>? Choices { get; set; }

    /// <summary>The scale points of a <c>likert</c> interaction.</summary>
    public IList<InteractionComponent>? Scale { get; set; }

    /// <summary>The left-hand items of a <c>matching</c> interaction.</summary>
    public IList<InteractionComponent>? Source { get; set; }

    /// <summary>The right-hand items of a <c>matching</c> interaction.</summary>
    public IList<InteractionComponent>? Target { get; set; }

    /// <summary>The steps of a <c>performance</c> interaction.</summary>
    public IList<InteractionComponent>? Steps { get; set; }

    /// <summary>Extension values keyed by IRI.</summary>
    public IDictionary<string, JsonElement>? Extensions { get; set; }
}
