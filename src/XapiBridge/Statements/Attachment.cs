namespace LtiPd.XapiBridge.Statements;

/// <summary>A file that belongs to a statement, sent in the multipart request or linked by <see cref="FileUrl"/>.</summary>
public sealed class Attachment
{
    /// <summary>The IRI saying what the file is for, such as evidence or a certificate.</summary>
    public required string UsageType { get; set; }

    /// <summary>The file's title by language.</summary>
    public required LanguageMap Display { get; set; }

    /// <summary>The file's description by language.</summary>
    public LanguageMap? Description { get; set; }

    /// <summary>The Internet media type, such as <c>application/pdf</c>.</summary>
    public required string ContentType { get; set; }

    /// <summary>The size in bytes.</summary>
    public long Length { get; set; }

    /// <summary>The hexadecimal SHA-256 of the file's bytes.</summary>
    public required string Sha2 { get; set; }

    /// <summary>Where the file can be fetched, when it is not sent with the statement.</summary>
    public string? FileUrl { get; set; }
}
