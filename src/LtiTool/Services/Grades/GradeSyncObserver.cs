using System.Data.Common;
using LtiPd.LtiTool.Catalog;
using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Services.Grades;

/// <summary>
/// Queues a score whenever a learner's step changes their module grade: an activity newly done
/// or the module newly completed. Only learners get scores; a PD leader or admin trying a module
/// does not, and neither does a step made outside a course.
/// </summary>
internal sealed class GradeSyncObserver : IProgressObserver
{
    private readonly GradeOutbox _outbox;

    public GradeSyncObserver(GradeOutbox outbox)
    {
        _outbox = outbox;
    }

    public async Task OnRecordedAsync(DbConnection connection, DbTransaction transaction, ProgressChange change, CancellationToken cancellationToken)
    {
        if (change.Scope is not { ContextId: { } contextRef, Role: PdRole.Learner })
        {
            return;
        }

        if (!change.Step.ActivityNewlyDone && !change.Step.ModuleNewlyCompleted)
        {
            return;
        }

        // Canvas counts each score with new_submission true as an attempt, so only the score that
        // completes the module starts one; points along the way update it.
        await _outbox.EnqueueAsync(
            connection, transaction, change.RegistrationId, change.UserId, contextRef, change.Module, newSubmission: change.Step.ModuleNewlyCompleted, cancellationToken);
    }
}
