using LtiPd.LtiTool.Sessions;

namespace LtiPd.LtiTool.IntegrationTests.Catalog;

/// <summary>A signed-in test learner: the session cookie value and the session it opens.</summary>
public sealed record Learner(string SessionId, LtiSession Session);
