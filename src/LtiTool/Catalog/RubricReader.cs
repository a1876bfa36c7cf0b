namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Reads an analytic rubric: a list of levels (lowest score first) and a list of criteria, each
/// with one descriptor per level id, so every cell of the criteria-by-levels grid is written.
/// </summary>
internal static class RubricReader
{
    public static Rubric? Read(YamlObject rubric)
    {
        var levelFields = rubric.Objects("levels", required: true);
        var criterionFields = rubric.Objects("criteria", required: true);
        rubric.ReportUnknownFields();

        var levels = levelFields is null ? null : ReadLevels(rubric, levelFields);
        if (levels is null || criterionFields is null)
        {
            return null;
        }

        var criteria = new List<RubricCriterion>();
        foreach (var criterion in criterionFields)
        {
            var read = ReadCriterion(criterion, levels);
            if (read is not null)
            {
                criteria.Add(read);
            }
        }

        ActivityReader.ReportDuplicateIds(rubric, "criteria", criteria.Select(criterion => criterion.Id));
        return criteria.Count == criterionFields.Count ? new Rubric(levels, criteria) : null;
    }

    private static List<RubricLevel>? ReadLevels(YamlObject rubric, IReadOnlyList<YamlObject> levelFields)
    {
        var levels = new List<RubricLevel>();
        foreach (var level in levelFields)
        {
            var id = level.Id("id");
            var label = level.String("label", required: true, maxLength: 100);
            var score = level.Int("score", required: true, min: 0, max: 100);
            level.ReportUnknownFields();
            if (id is not null && label is not null && score is not null)
            {
                levels.Add(new RubricLevel(id, label, score.Value));
            }
        }

        if (levels.Count != levelFields.Count)
        {
            return null;
        }

        if (levels.Count < 2)
        {
            rubric.Problem("levels", "has one level; an analytic rubric needs at least two.");
            return null;
        }

        for (var index = 1; index < levels.Count; index++)
        {
            if (levels[index].Score <= levels[index - 1].Score)
            {
                rubric.Problem("levels", $"level '{levels[index].Id}' scores {levels[index].Score}, not more than '{levels[index - 1].Id}' before it; list levels from lowest to highest score.");
                return null;
            }
        }

        var before = levels.Count;
        ActivityReader.ReportDuplicateIds(rubric, "levels", levels.Select(level => level.Id));
        return levels.DistinctBy(level => level.Id).Count() == before ? levels : null;
    }

    private static RubricCriterion? ReadCriterion(YamlObject criterion, List<RubricLevel> levels)
    {
        var id = criterion.Id("id");
        var title = criterion.String("title", required: true, maxLength: 200);
        var descriptorFields = criterion.Object("descriptors", required: true);
        criterion.ReportUnknownFields();
        if (descriptorFields is null)
        {
            return null;
        }

        var descriptors = new Dictionary<string, string>(StringComparer.Ordinal);
        var complete = true;
        foreach (var (levelId, text) in descriptorFields.ScalarEntries())
        {
            if (levels.All(level => level.Id != levelId))
            {
                descriptorFields.Problem(levelId, $"is not a level of this rubric; use one of {string.Join(", ", levels.Select(level => level.Id))}.");
                complete = false;
                continue;
            }

            descriptors[levelId] = text;
        }

        // A descriptor that is present but empty was reported by ScalarEntries already.
        foreach (var level in levels.Where(level => !descriptors.ContainsKey(level.Id) && !descriptorFields.Has(level.Id)))
        {
            descriptorFields.Problem(level.Id, "is missing; every criterion needs a descriptor for every level.");
        }

        complete = complete && descriptors.Count == levels.Count;
        return id is null || title is null || !complete ? null : new RubricCriterion(id, title, descriptors);
    }
}
