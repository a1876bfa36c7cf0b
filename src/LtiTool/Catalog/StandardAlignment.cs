namespace LtiPd.LtiTool.Catalog;

/// <summary>One standard or framework component a module is aligned to.</summary>
/// <param name="Framework">The framework's name, such as <c>ISTE Standards for Educators</c>.</param>
/// <param name="Code">The component's code in that framework, such as <c>2.7</c> or <c>3d</c>.</param>
/// <param name="Title">The component's short name, shown beside the code.</param>
public sealed record StandardAlignment(string Framework, string Code, string Title);
