namespace LtiPd.XapiBridge.Statements;

/// <summary>A score. When given, <c>-1 &lt;= Scaled &lt;= 1</c> and <c>Min &lt;= Raw &lt;= Max</c>.</summary>
public sealed class Score
{
    /// <summary>The score scaled to -1..1.</summary>
    public decimal? Scaled { get; set; }

    /// <summary>The raw score, between <see cref="Min"/> and <see cref="Max"/>.</summary>
    public decimal? Raw { get; set; }

    /// <summary>The lowest possible score.</summary>
    public decimal? Min { get; set; }

    /// <summary>The highest possible score.</summary>
    public decimal? Max { get; set; }
}
