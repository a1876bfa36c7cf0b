using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Recognition;

namespace LtiPd.LtiTool.Tests.Recognition;

public sealed class AwardReasonTextTests
{
    private static readonly ModuleCatalog Catalog = LoadSample();

    [Fact]
    public void ForDisplay_ItemId_ShowsTitles()
    {
        var module = Catalog.Find("rubric-design")!;
        var activity = module.Activities[0];
        var reason = $"Completed a micro-lesson (https://pd.example.org/xapi/items/rubric-design.{Uri.EscapeDataString(activity.Id)}): 10 points";

        var displayed = AwardReasonText.ForDisplay(reason, Catalog);

        Assert.Equal($"Completed a micro-lesson ({activity.Title}, {module.Title}): 10 points", displayed);
    }

    [Fact]
    public void ForDisplay_ModuleId_ShowsModuleTitle()
    {
        var module = Catalog.Find("family-engagement")!;

        var displayed = AwardReasonText.ForDisplay("Completed a module (https://ltipd.invalid/modules/family-engagement): 50 points", Catalog);

        Assert.Equal($"Completed a module ({module.Title}): 50 points", displayed);
    }

    [Theory]
    [InlineData("Completed a micro-lesson (https://ltipd.invalid/items/removed-module.intro): 10 points")]
    [InlineData("Attended a live session (https://ltipd.invalid/live-sessions/abc): 20 points")]
    [InlineData("Adjusted by an admin: 5 points")]
    public void ForDisplay_UnknownOrOtherId_KeepsReason(string reason)
    {
        Assert.Equal(reason, AwardReasonText.ForDisplay(reason, Catalog));
    }

    private static ModuleCatalog LoadSample()
    {
        var catalog = new ModuleCatalog();
        catalog.Replace(new CatalogLoader(new SafeHtml()).Load(Path.Combine(AppContext.BaseDirectory, "catalog")));
        return catalog;
    }
}
