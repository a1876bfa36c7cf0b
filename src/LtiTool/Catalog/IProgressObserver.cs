using System.Data.Common;

namespace LtiPd.LtiTool.Catalog;

/// <summary>
/// Runs inside the transaction of every step <see cref="ProgressStore"/> records, so work that
/// must happen exactly when the progress changes (queueing a grade for the LMS) commits or rolls
/// back with it. An observer that throws rolls the step back, so it throws only for bugs.
/// </summary>
public interface IProgressObserver
{
    /// <summary>Called after the step and any module completion are written, before the commit.</summary>
    Task OnRecordedAsync(DbConnection connection, DbTransaction transaction, ProgressChange change, CancellationToken cancellationToken);
}
