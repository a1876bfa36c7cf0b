using System.Security.Cryptography;
using LtiPd.Storage;
using Microsoft.Extensions.Options;

namespace LtiPd.LtiTool.Review;

/// <summary>
/// Keeps uploaded evidence files in the evidence folder, outside any folder the app serves, each
/// under a generated 32-character hex name. The learner's file name never becomes part of a
/// path, so a name such as <c>../../x.pdf</c> cannot reach another folder.
/// </summary>
internal sealed partial class EvidenceFileStore
{
    private readonly string _folder;
    private readonly EvidenceOptions _options;
    private readonly ILogger<EvidenceFileStore> _logger;

    public EvidenceFileStore(IOptions<EvidenceOptions> options, IOptions<StorageOptions> storage, IHostEnvironment environment, ILogger<EvidenceFileStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        var dataFolder = Path.GetFullPath(storage.Value.DataDirectory, environment.ContentRootPath);
        _folder = string.IsNullOrWhiteSpace(_options.UploadFolder)
            ? Path.Combine(dataFolder, "evidence")
            : Path.GetFullPath(_options.UploadFolder, environment.ContentRootPath);
    }

    /// <summary>The folder files are stored in.</summary>
    public string Folder => _folder;

    /// <summary>
    /// Copies <paramref name="upload"/> into the folder and checks its size and type. Returns the
    /// stored file, or the reason it was not accepted (nothing is left on disk then).
    /// </summary>
    public async Task<(StoredEvidenceFile? File, string? Problem)> SaveAsync(IFormFile upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var name = EvidenceFileName.Clean(upload.FileName);
        if (upload.Length == 0)
        {
            return (null, $"The file {name} is empty. Choose the file again, or submit a link or text instead.");
        }

        if (upload.Length > _options.MaxFileBytes)
        {
            return (null, $"The file {name} is {EvidenceFileName.Size(upload.Length)}, larger than the {EvidenceFileName.Size(_options.MaxFileBytes)} limit. Make it smaller or share it as a link.");
        }

        var type = EvidenceFileType.ForExtension(Path.GetExtension(name));
        if (type is null)
        {
            return (null, $"The file {name} is not one of the accepted types ({AcceptedTypes()}). Save it as one of them, or share it as a link.");
        }

        Directory.CreateDirectory(_folder);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(key);
        string sha256;
        long length;
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await using (var source = upload.OpenReadStream())
            {
                (sha256, length) = await CopyWithHashAsync(source, target, cancellationToken);
            }

            if (length > _options.MaxFileBytes)
            {
                File.Delete(path);
                return (null, $"The file {name} is larger than the {EvidenceFileName.Size(_options.MaxFileBytes)} limit. Make it smaller or share it as a link.");
            }

            if (!type.Matches(path))
            {
                File.Delete(path);
                Log.TypeMismatch(_logger, type.Label, length);
                return (null, $"The file {name} is named as a {type.Label} but its contents are not one. Export it again as a real {type.Label}, or choose another accepted type.");
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return (new StoredEvidenceFile(key, name, type.ContentType, length, sha256), null);
    }

    /// <summary>Opens a stored file for reading, or returns null when it is missing.</summary>
    public FileStream? Open(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    /// <summary>Deletes a stored file whose database row was not written.</summary>
    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>Lists the accepted types in words, such as <c>PDF (.pdf), Word document (.docx)</c>.</summary>
    public static string AcceptedTypes() =>
        string.Join(", ", EvidenceFileType.All.Select(type => $"{type.Label} ({string.Join(" or ", type.Extensions)})"));

    private string PathOf(string key)
    {
        // Keys are generated here as 32 lowercase hex digits; anything else read from the database is a bug.
        if (key.Length != 32 || !key.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{key}' is not an evidence file key (32 lowercase hex digits).", nameof(key));
        }

        return Path.Combine(_folder, key);
    }

    private static async Task<(string Sha256, long Length)> CopyWithHashAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            length += read;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, EventName = "EvidenceFileTypeMismatch", Level = LogLevel.Information,
            Message = "Rejected an evidence upload of {Length} bytes: its extension names {Label} but its bytes do not")]
        public static partial void TypeMismatch(ILogger logger, string label, long length);
    }
}
