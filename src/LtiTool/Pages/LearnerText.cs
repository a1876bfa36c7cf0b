using LtiPd.LtiTool.Catalog;

namespace LtiPd.LtiTool.Pages;

/// <summary>Words and labels the learner pages share.</summary>
internal static class LearnerText
{
    public static string KindLabel(ActivityKind kind) => kind switch
    {
        ActivityKind.Read => "Read",
        ActivityKind.Watch => "Watch",
        ActivityKind.Quiz => "Quiz",
        ActivityKind.Reflect => "Reflect",
        ActivityKind.Evidence => "Evidence",
    };

    public static string Requirement(CatalogActivity activity) => activity.IsRequired ? "Required" : "Elective";

    public static string Status(ActivityProgressRecord? record) => record switch
    {
        null => "Not started",
        { Status: ActivityStatus.Done } => "Done",
        { BestScorePercent: { } best } => $"Attempted (best score {best}%)",
        _ => "Attempted",
    };

    public static string Points(int points) => points == 1 ? "1 point" : $"{points} points";

    public static string Minutes(int minutes) => minutes == 1 ? "1 minute" : $"{minutes} minutes";

    public static string CreditHours(decimal hours) =>
        hours == 1m ? "1 credit hour" : $"{hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} credit hours";

    public static string ModuleUrl(CatalogModule module) => $"/app/modules/{Uri.EscapeDataString(module.Id)}";

    public static string ActivityUrl(CatalogModule module, CatalogActivity activity) =>
        $"{ModuleUrl(module)}/activities/{Uri.EscapeDataString(activity.Id)}";

    /// <summary>Summarises the learner's progress in a module in one sentence.</summary>
    public static string ProgressSummary(ModuleProgress progress)
    {
        if (progress.IsComplete)
        {
            return $"Complete: {Points(progress.PointsEarned)} earned.";
        }

        if (!progress.IsStarted)
        {
            return $"Not started. Finish every required activity and earn {Points(progress.PointsToComplete)} to complete it.";
        }

        var required = progress.RequiredLeft.Count switch
        {
            0 => "all required activities done",
            1 => "1 required activity left",
            var count => $"{count} required activities left",
        };
        return $"In progress: {progress.PointsEarned} of {Points(progress.PointsToComplete)}, {required}.";
    }

    public static string ProgressBar(ModuleProgress progress, string labelId)
    {
        var value = Math.Min(progress.PointsEarned, progress.PointsToComplete);
        return $"<progress aria-labelledby=\"{labelId}\" max=\"{progress.PointsToComplete}\" value=\"{value}\">{value} of {progress.PointsToComplete}</progress>";
    }
}
