namespace LtiPd.LtiTool.Catalog;

/// <summary>Reads and checks a module manifest's fields.</summary>
internal static class ManifestReader
{
    /// <summary>
    /// Returns the module described by <paramref name="text"/> without its activities, or null when
    /// any field has a problem (each is recorded).
    /// </summary>
    public static CatalogModule? Read(string text, string folderName, CatalogProblemList problems)
    {
        var before = problems.Count;
        var fields = ActivityReader.ParseMapping(text, problems);
        if (fields is null)
        {
            return null;
        }

        var id = fields.Id("id");
        if (id is not null && id != folderName)
        {
            fields.Problem("id", $"'{id}' does not match the module's folder name '{folderName}'; rename one so they match.");
        }

        var title = fields.String("title", required: true, maxLength: 200);
        var summary = fields.String("summary", required: true, maxLength: 1000);
        var topic = fields.String("topic", required: true, maxLength: 100);
        var audience = fields.Strings("audience", required: true);
        var standards = ReadStandards(fields);
        var minutes = fields.Int("estimatedMinutes", required: true, min: 1, max: 6000);
        var creditHours = fields.Decimal("creditHours", required: true, min: 0m, max: 100m);
        var pointsToComplete = fields.Int("pointsToComplete", required: true, min: 1, max: 100000);
        fields.ReportUnknownFields();

        if (problems.Count > before)
        {
            return null;
        }

        return new CatalogModule
        {
            Id = id!,
            Title = title!,
            Summary = summary!,
            Topic = topic!,
            Audience = audience!,
            Standards = standards!,
            EstimatedMinutes = minutes!.Value,
            CreditHours = creditHours!.Value,
            PointsToComplete = pointsToComplete!.Value,
            Activities = [],
            ManifestFile = problems.File,
        };
    }

    private static List<StandardAlignment>? ReadStandards(YamlObject fields)
    {
        var items = fields.Objects("standards", required: true);
        if (items is null)
        {
            return null;
        }

        var standards = new List<StandardAlignment>();
        foreach (var item in items)
        {
            var framework = item.String("framework", required: true, maxLength: 200);
            var code = item.String("code", required: true, maxLength: 50);
            var title = item.String("title", required: true, maxLength: 300);
            item.ReportUnknownFields();
            if (framework is not null && code is not null && title is not null)
            {
                standards.Add(new StandardAlignment(framework, code, title));
            }
        }

        return standards.Count == items.Count ? standards : null;
    }
}
