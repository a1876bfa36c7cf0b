namespace LtiPd.XapiBridge.Validation;

/// <summary>The xAPI specification versions LtiPd reads and writes.</summary>
public enum XapiVersion
{
    /// <summary>xAPI 1.0.x (1.0.0 to 1.0.3), sent as <c>X-Experience-API-Version: 1.0.3</c>.</summary>
    V1 = 1,

    /// <summary>xAPI 2.0 (IEEE 9274.1.1), sent as <c>X-Experience-API-Version: 2.0.0</c>.</summary>
    V2 = 2,
}
