namespace LtiPd.Gamification.Statements;

/// <summary>One read from an <see cref="IStatementSource"/>.</summary>
/// <param name="Statements">Statements after the watermark, in the source's stored order.</param>
/// <param name="Watermark">
/// The watermark to pass to the next read; it may equal the one passed in when nothing new is
/// visible yet. The engine stores it only after the statements are processed.
/// </param>
/// <param name="HasMore">Whether the source already contains more statements after <paramref name="Watermark"/>.</param>
public sealed record StatementBatch(IReadOnlyList<GamificationStatement> Statements, string? Watermark, bool HasMore);
