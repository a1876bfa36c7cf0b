using System.Data.Common;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>The evidence source used until evidence review registers its own: no module has evidence in review.</summary>
internal sealed class NoEvidenceStatusSource : IEvidenceStatusSource
{
    public Task<EvidenceReview> GetAsync(
        DbConnection connection, DbTransaction? transaction, string registrationId, string userId, string moduleId, CancellationToken cancellationToken) =>
        Task.FromResult(EvidenceReview.None);
}
