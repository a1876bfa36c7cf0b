namespace LtiPd.LtiTool.Cli;

/// <summary>Checks and error lines for the <c>--output</c> file of the commands that write one.</summary>
internal static class OutputFile
{
    /// <summary>
    /// Writes an error naming <c>--output</c> and returns false when the folder of
    /// <paramref name="target"/> does not exist, so a command stops before it reads any data.
    /// </summary>
    public static async Task<bool> FolderExistsAsync(FileInfo target, TextWriter error)
    {
        if (target.Directory is { Exists: false } folder)
        {
            await error.WriteLineAsync($"--output '{target.FullName}' is in a folder that does not exist ({folder.FullName}). Create the folder or choose another path.");
            return false;
        }

        return true;
    }

    /// <summary>Writes the error line for an <c>--output</c> file that could not be written.</summary>
    public static Task WriteFailedAsync(FileInfo target, Exception exception, TextWriter error) =>
        error.WriteLineAsync($"--output '{target.FullName}' could not be written: {exception.Message} Choose a path you may write to.");
}
