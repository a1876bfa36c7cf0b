using System.Text.Json.Nodes;
using LtiPd.XapiBridge.Lrs.Statements;

namespace LtiPd.XapiBridge.Tests.Lrs;

public sealed class StatementFormatterTests
{
    private const string Stored = """
        {"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
         "actor":{"objectType":"Agent","name":"Ana","mbox":"mailto:ana@district.example"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed","fr-FR":"terminé"}},
         "object":{"objectType":"SubStatement",
           "actor":{"objectType":"Agent","name":"Ana","mbox":"mailto:ana@district.example"},
           "verb":{"id":"http://adlnet.gov/expapi/verbs/planned","display":{"en-US":"planned"}},
           "object":{"objectType":"Activity","id":"https://pd.example.edu/a","definition":{"name":{"en-US":"A","fr-FR":"Un"}}}},
         "context":{"contextActivities":{"parent":[{"id":"https://pd.example.edu/p","definition":{"name":{"en-GB":"Parent","en-US":"Parent US"}}}]},
           "extensions":{"https://ext.example/x":{"name":{"en-US":"kept","fr-FR":"kept"}}}}}
        """;

    [Fact]
    public void Format_Ids_KeepsOnlyIdentifiers()
    {
        var statement = StatementFormatter.Format(Stored, StatementFormat.Ids, []);

        Assert.Equal("""{"objectType":"Agent","mbox":"mailto:ana@district.example"}""", statement["actor"]!.ToJsonString());
        Assert.Equal("""{"id":"http://adlnet.gov/expapi/verbs/completed"}""", statement["verb"]!.ToJsonString());
        Assert.Equal("""{"id":"https://pd.example.edu/a"}""", statement["object"]!["object"]!.ToJsonString());
        Assert.Equal(2, statement["object"]!["actor"]!.AsObject().Count);
        Assert.Equal("""[{"id":"https://pd.example.edu/p"}]""", statement["context"]!["contextActivities"]!["parent"]!.ToJsonString());
    }

    [Fact]
    public void Format_CanonicalWithLanguage_PicksOneEntryPerMap()
    {
        var statement = StatementFormatter.Format(Stored, StatementFormat.Canonical, StatementFormatter.PreferredLanguages("fr-FR, en;q=0.5"));

        Assert.Equal("""{"fr-FR":"terminé"}""", statement["verb"]!["display"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("""{"fr-FR":"Un"}""", statement["object"]!["object"]!["definition"]!["name"]!.ToJsonString());
        Assert.Equal("""{"en-GB":"Parent"}""", statement["context"]!["contextActivities"]!["parent"]![0]!["definition"]!["name"]!.ToJsonString());
        Assert.Equal(2, statement["context"]!["extensions"]!["https://ext.example/x"]!["name"]!.AsObject().Count);
    }

    [Fact]
    public void Format_Exact_ReturnsStoredJson()
    {
        var statement = StatementFormatter.Format(Stored, StatementFormat.Exact, ["fr-FR"]);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Stored), statement));
    }
}
