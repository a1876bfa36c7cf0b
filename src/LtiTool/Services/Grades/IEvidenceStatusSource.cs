using System.Data.Common;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Tells grade sync where a learner's evidence stands. The evidence review feature implements it
/// over its own tables; until then <see cref="NoEvidenceStatusSource"/> reports no evidence.
/// </summary>
public interface IEvidenceStatusSource
{
    /// <summary>
    /// Returns the review state of the learner's evidence in <paramref name="moduleId"/>, reading
    /// through <paramref name="connection"/> and <paramref name="transaction"/> so a change made
    /// in the same transaction is seen.
    /// </summary>
    Task<EvidenceReview> GetAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string registrationId,
        string userId,
        string moduleId,
        CancellationToken cancellationToken);
}
