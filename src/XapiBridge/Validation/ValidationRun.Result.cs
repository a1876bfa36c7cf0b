using System.Text.Json;

namespace LtiPd.XapiBridge.Validation;

internal sealed partial class ValidationRun
{
    private static readonly string[] ResultProperties = ["score", "success", "completion", "response", "duration", "extensions"];

    private static readonly string[] ScoreProperties = ["scaled", "raw", "min", "max"];

    private void Result(JsonElement element, string path)
    {
        const string What = "the result";
        var properties = ReadObject(element, path, What, ResultProperties);
        if (properties is null)
        {
            return;
        }

        if (properties.TryGetValue("score", out var score))
        {
            Score(score, Child(path, "score"));
        }

        if (properties.TryGetValue("success", out var success))
        {
            CheckBoolean(success, Child(path, "success"), "the result success");
        }

        if (properties.TryGetValue("completion", out var completion))
        {
            CheckBoolean(completion, Child(path, "completion"), "the result completion");
        }

        if (properties.TryGetValue("response", out var response))
        {
            ReadString(response, Child(path, "response"), "the result response");
        }

        if (properties.TryGetValue("duration", out var durationElement))
        {
            var duration = ReadString(durationElement, Child(path, "duration"), "the result duration");
            if (duration is not null && !XapiFormats.IsDuration(duration))
            {
                Add(Child(path, "duration"), ValidationRules.Duration, $"The result duration {Quote(duration)} is not an ISO 8601 duration; use the form PT1H30M5.25S, or PnW for whole weeks.");
            }
        }

        if (properties.TryGetValue("extensions", out var extensions))
        {
            Extensions(extensions, Child(path, "extensions"), "the result extensions");
        }
    }

    /// <summary>Checks a score: numbers, scaled within -1..1, and min &lt;= raw &lt;= max where given.</summary>
    private void Score(JsonElement element, string path)
    {
        var properties = ReadObject(element, path, "the score", ScoreProperties);
        if (properties is null)
        {
            return;
        }

        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                Add(Child(path, name), ValidationRules.JsonType, $"The score {name} must be a number, but the value is {Describe(value)}.");
            }
            else if (value.TryGetDecimal(out var number))
            {
                values[name] = number;
            }
            else
            {
                Add(Child(path, name), ValidationRules.ScoreRange, $"The score {name} {value.GetRawText()} is outside the range of numbers an LRS stores.");
            }
        }

        if (values.TryGetValue("scaled", out var scaled) && scaled is < -1m or > 1m)
        {
            Add(Child(path, "scaled"), ValidationRules.ScoreRange, $"The scaled score {properties["scaled"].GetRawText()} is outside -1 to 1; scale the score into that range.");
        }

        var hasMin = values.TryGetValue("min", out var min);
        var hasMax = values.TryGetValue("max", out var max);
        if (hasMin && hasMax && min > max)
        {
            Add(Child(path, "min"), ValidationRules.ScoreRange, $"The score min {properties["min"].GetRawText()} is greater than max {properties["max"].GetRawText()}; min must not exceed max.");
        }

        if (values.TryGetValue("raw", out var raw))
        {
            if (hasMin && raw < min)
            {
                Add(Child(path, "raw"), ValidationRules.ScoreRange, $"The raw score {properties["raw"].GetRawText()} is below min {properties["min"].GetRawText()}; raw must lie between min and max.");
            }

            if (hasMax && raw > max)
            {
                Add(Child(path, "raw"), ValidationRules.ScoreRange, $"The raw score {properties["raw"].GetRawText()} is above max {properties["max"].GetRawText()}; raw must lie between min and max.");
            }
        }
    }
}
