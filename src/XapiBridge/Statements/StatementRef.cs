namespace LtiPd.XapiBridge.Statements;

/// <summary>A reference to another statement by its id, as a voiding statement's object uses.</summary>
public sealed class StatementRef : StatementTarget
{
    /// <summary>Creates an empty reference for the serializer.</summary>
    public StatementRef()
    {
    }

    /// <summary>Creates a reference to the statement <paramref name="id"/>.</summary>
    public StatementRef(Guid id)
    {
        Id = id;
    }

    /// <inheritdoc/>
    public override string ObjectType => "StatementRef";

    /// <summary>The referenced statement's id.</summary>
    public Guid Id { get; set; }
}
