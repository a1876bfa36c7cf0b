namespace LtiPd.XapiBridge.Statements;

/// <summary>Verb IRIs from the ADL vocabulary that LtiPd uses.</summary>
public static class XapiVerbs
{
    /// <summary>Voids (retracts) the referenced statement.</summary>
    public const string Voided = "http://adlnet.gov/expapi/verbs/voided";

    /// <summary>Opened or started an Activity.</summary>
    public const string Launched = "http://adlnet.gov/expapi/verbs/launched";

    /// <summary>Viewed or read content.</summary>
    public const string Experienced = "http://adlnet.gov/expapi/verbs/experienced";

    /// <summary>Answered a question.</summary>
    public const string Answered = "http://adlnet.gov/expapi/verbs/answered";

    /// <summary>Finished an Activity.</summary>
    public const string Completed = "http://adlnet.gov/expapi/verbs/completed";

    /// <summary>Reached the mastery level of an assessed Activity.</summary>
    public const string Passed = "http://adlnet.gov/expapi/verbs/passed";

    /// <summary>Fell short of the mastery level of an assessed Activity.</summary>
    public const string Failed = "http://adlnet.gov/expapi/verbs/failed";
}
