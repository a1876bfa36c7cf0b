using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LtiPd.Storage;

/// <summary>
/// One prepared SQLite statement of a <see cref="SqliteStatementCache"/>, with the parameter
/// and row plans of the last types it was used with.
/// </summary>
internal sealed class CachedStatement
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, PropertyInfo>> PropertiesByType = new();

    private Type? _parameterType;
    private PropertyInfo[] _parameterProperties = [];
    private string[]? _parameterNames;
    private Type? _rowType;
    private ConstructorInfo? _rowConstructor;
    private (Type Type, int Column)[] _rowArguments = [];

    public CachedStatement(sqlite3_stmt handle, bool persistent)
    {
        Handle = handle;
        Persistent = persistent;
    }

    public sqlite3_stmt Handle { get; }

    /// <summary>Whether the statement stays in its cache after use. A statement prepared for one use is finalized instead.</summary>
    public bool Persistent { get; }

    public bool InUse { get; set; }

    /// <summary>The cache's rental count when this statement was last rented, for evicting the least recently used.</summary>
    public long LastRental { get; set; }

    /// <summary>
    /// Binds the properties of <paramref name="parameters"/> to the statement's <c>@Name</c>
    /// parameters by exact name, as Dapper and Microsoft.Data.Sqlite do.
    /// </summary>
    public void Bind(sqlite3 database, object? parameters)
    {
        var count = raw.sqlite3_bind_parameter_count(Handle);
        if (count == 0)
        {
            return;
        }

        if (parameters is null)
        {
            throw new InvalidOperationException($"The SQL has {count} parameters but no parameter object was given.");
        }

        if (parameters is IReadOnlyDictionary<string, object?> named)
        {
            BindByName(database, named, count);
            return;
        }

        if (parameters.GetType() != _parameterType)
        {
            _parameterProperties = PlanParameters(parameters.GetType(), count);
            _parameterType = parameters.GetType();
        }

        for (var index = 1; index <= count; index++)
        {
            var property = _parameterProperties[index - 1];
            var result = BindValue(index, property.GetValue(parameters), property.Name);
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }

    /// <summary>Binds the values of <paramref name="values"/> to the statement's <c>@Name</c> parameters by exact key.</summary>
    private void BindByName(sqlite3 database, IReadOnlyDictionary<string, object?> values, int count)
    {
        _parameterNames ??= ReadParameterNames(count);
        for (var index = 1; index <= count; index++)
        {
            var name = _parameterNames[index - 1];
            if (!values.TryGetValue(name, out var value))
            {
                throw new InvalidOperationException($"The SQL parameter '@{name}' has no value. Add the key '{name}' to the parameter dictionary.");
            }

            SqliteException.ThrowExceptionForRC(BindValue(index, value, name), database);
        }
    }

    /// <summary>Binds <paramref name="values"/> to the statement's parameters in order, one value per parameter.</summary>
    public void BindByPosition(sqlite3 database, ReadOnlySpan<object?> values)
    {
        var count = raw.sqlite3_bind_parameter_count(Handle);
        if (count != values.Length)
        {
            throw new InvalidOperationException($"The SQL has {count} parameters but {values.Length} values were given. Pass one value per distinct parameter, in order of first appearance.");
        }

        for (var index = 1; index <= count; index++)
        {
            var result = BindValue(index, values[index - 1], index.ToString(CultureInfo.InvariantCulture));
            SqliteException.ThrowExceptionForRC(result, database);
        }
    }

    /// <summary>Reads column <paramref name="index"/> of the current row as its SQLite storage class returns it, or null.</summary>
    public object? ReadValue(int index) => raw.sqlite3_column_type(Handle, index) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(Handle, index),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(Handle, index),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(Handle, index).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(Handle, index).ToArray(),
        _ => null,
    };

    /// <summary>
    /// Reads the current row as <typeparamref name="T"/>: column 0 for a scalar type, otherwise
    /// through the constructor whose parameter names match the column names (ignoring case).
    /// </summary>
    public T ReadRow<T>()
    {
        if (IsScalar(typeof(T)))
        {
            return ReadColumn(0, typeof(T)) is T value ? value : default!;
        }

        if (typeof(T) != _rowType)
        {
            (_rowConstructor, _rowArguments) = PlanRow(typeof(T));
            _rowType = typeof(T);
        }

        var arguments = new object?[_rowArguments.Length];
        for (var index = 0; index < arguments.Length; index++)
        {
            arguments[index] = ReadColumn(_rowArguments[index].Column, _rowArguments[index].Type);
        }

        return (T)_rowConstructor!.Invoke(arguments);
    }

    /// <summary>Reads column <paramref name="index"/> of the current row, returning null for SQL NULL.</summary>
    public object? ReadColumn(int index, Type type)
    {
        if (raw.sqlite3_column_type(Handle, index) == raw.SQLITE_NULL)
        {
            return null;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target switch
        {
            _ when target == typeof(string) => raw.sqlite3_column_text(Handle, index).utf8_to_string(),
            _ when target == typeof(long) => raw.sqlite3_column_int64(Handle, index),
            _ when target == typeof(int) => checked((int)raw.sqlite3_column_int64(Handle, index)),
            _ when target == typeof(bool) => raw.sqlite3_column_int64(Handle, index) != 0,
            _ when target == typeof(double) => raw.sqlite3_column_double(Handle, index),
            _ when target == typeof(byte[]) => raw.sqlite3_column_blob(Handle, index).ToArray(),
            _ => throw new NotSupportedException(
                $"Column {index} is read as {type}, which the SQLite statement cache does not read. Read it through Database.Command and Dapper."),
        };
    }

    private static bool IsScalar(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target == typeof(string) || target == typeof(long) || target == typeof(int)
            || target == typeof(bool) || target == typeof(double) || target == typeof(byte[]);
    }

    private int BindValue(int index, object? value, string name) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(Handle, index),
        string text => raw.sqlite3_bind_text(Handle, index, text),
        long number => raw.sqlite3_bind_int64(Handle, index, number),
        int number => raw.sqlite3_bind_int64(Handle, index, number),
        short number => raw.sqlite3_bind_int64(Handle, index, number),
        byte number => raw.sqlite3_bind_int64(Handle, index, number),
        uint number => raw.sqlite3_bind_int64(Handle, index, number),
        bool flag => raw.sqlite3_bind_int64(Handle, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(Handle, index, number),
        float number => raw.sqlite3_bind_double(Handle, index, number),
        char character => raw.sqlite3_bind_text(Handle, index, character.ToString()),
        byte[] bytes => raw.sqlite3_bind_blob(Handle, index, bytes),

        // Dapper sends an enum as its underlying integer.
        Enum member => raw.sqlite3_bind_int64(Handle, index, Convert.ToInt64(member, CultureInfo.InvariantCulture)),
        _ => throw new NotSupportedException(
            $"Parameter @{name} has type {value.GetType()}, which the SQLite statement cache does not bind. Pass a string or number, or run the SQL through Database.Command and Dapper."),
    };

    private PropertyInfo[] PlanParameters(Type type, int count)
    {
        var properties = PropertiesByType.GetOrAdd(type, static type => type
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .ToDictionary(property => property.Name, StringComparer.Ordinal));
        var plan = new PropertyInfo[count];
        for (var index = 1; index <= count; index++)
        {
            var sqlName = raw.sqlite3_bind_parameter_name(Handle, index).utf8_to_string()
                ?? throw new NotSupportedException($"Parameter {index} of the SQL has no name. Name every parameter (@Name) to use the SQLite statement cache.");
            var name = sqlName[1..];
            plan[index - 1] = properties.GetValueOrDefault(name)
                ?? throw new InvalidOperationException($"The SQL parameter '{sqlName}' has no public property '{name}' on {type}. Add it to the parameter object.");
        }

        return plan;
    }

    // The statement's parameter names without their prefix, in parameter order.
    private string[] ReadParameterNames(int count)
    {
        var names = new string[count];
        for (var index = 1; index <= count; index++)
        {
            var sqlName = raw.sqlite3_bind_parameter_name(Handle, index).utf8_to_string()
                ?? throw new NotSupportedException($"Parameter {index} of the SQL has no name. Name every parameter (@Name) to use the SQLite statement cache.");
            names[index - 1] = sqlName[1..];
        }

        return names;
    }

    // The constructor to call and, per parameter, its type and the column it reads.
    private (ConstructorInfo Constructor, (Type Type, int Column)[] Arguments) PlanRow(Type type)
    {
        var columnCount = raw.sqlite3_column_count(Handle);
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < columnCount; index++)
        {
            columns[raw.sqlite3_column_name(Handle, index).utf8_to_string()] = index;
        }

        foreach (var constructor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length == columnCount && parameters.All(parameter => parameter.Name is { } name && columns.ContainsKey(name)))
            {
                return (constructor, parameters.Select(parameter => (parameter.ParameterType, columns[parameter.Name!])).ToArray());
            }
        }

        throw new NotSupportedException(
            $"{type} has no public constructor whose parameters are named after the {columnCount} columns ({string.Join(", ", columns.Keys)}). Add one, or read the rows through Database.Command and Dapper.");
    }
}
