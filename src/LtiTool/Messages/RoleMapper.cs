namespace LtiPd.LtiTool.Messages;

/// <summary>
/// Maps LTI role URIs to a <see cref="PdRole"/>. Accepts the full LIS v2 vocabulary (context,
/// institution and system roles, with sub-roles), the short context role names LTI 1.3 Core
/// section A.2.3.1 allows, and the LTI 1.1 URNs some platforms still send. Unknown roles grant
/// nothing, and an empty list maps to <see cref="PdRole.Learner"/>.
/// </summary>
public static class RoleMapper
{
    private const string Membership = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    private const string MembershipSubRole = "http://purl.imsglobal.org/vocab/lis/v2/membership/";
    private const string Institution = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
    private const string System = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";

    // Context roles that lead a PD course. Institution roles such as Faculty do not count: a
    // teacher is Faculty at the district but a Learner in the PD course.
    private static readonly HashSet<string> InstructorContextRoles = new(StringComparer.Ordinal)
    {
        "Instructor", "ContentDeveloper", "TeachingAssistant",
    };

    private static readonly HashSet<string> AdministratorInstitutionRoles = new(StringComparer.Ordinal)
    {
        "Administrator",
    };

    private static readonly HashSet<string> AdministratorSystemRoles = new(StringComparer.Ordinal)
    {
        "Administrator", "SysAdmin", "AccountAdmin",
    };

    /// <summary>Returns the highest PD role any of <paramref name="roles"/> grants.</summary>
    public static PdRole Map(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var result = PdRole.Learner;
        foreach (var role in roles)
        {
            var mapped = MapOne(role.Trim());
            if (mapped > result)
            {
                result = mapped;
            }
        }

        return result;
    }

    private static PdRole MapOne(string role)
    {
        if (role.StartsWith(Membership, StringComparison.Ordinal))
        {
            return MapContextRole(role[Membership.Length..]);
        }

        if (role.StartsWith(MembershipSubRole, StringComparison.Ordinal))
        {
            // A sub-role such as membership/Instructor#TeachingAssistant: the principal role decides.
            var principal = role[MembershipSubRole.Length..].Split('#')[0];
            return MapContextRole(principal);
        }

        if (role.StartsWith(Institution, StringComparison.Ordinal))
        {
            return AdministratorInstitutionRoles.Contains(role[Institution.Length..]) ? PdRole.Administrator : PdRole.Learner;
        }

        if (role.StartsWith(System, StringComparison.Ordinal))
        {
            return AdministratorSystemRoles.Contains(role[System.Length..]) ? PdRole.Administrator : PdRole.Learner;
        }

        return MapLegacyOrShortRole(role);
    }

    private static PdRole MapContextRole(string name)
    {
        if (name == "Administrator")
        {
            return PdRole.Administrator;
        }

        return InstructorContextRoles.Contains(name) ? PdRole.Instructor : PdRole.Learner;
    }

    private static PdRole MapLegacyOrShortRole(string role)
    {
        // LTI 1.1 URNs: urn:lti:role:ims/lis/Instructor, urn:lti:instrole:ims/lis/Administrator,
        // urn:lti:sysrole:ims/lis/SysAdmin.
        const string LegacyContext = "urn:lti:role:ims/lis/";
        const string LegacyInstitution = "urn:lti:instrole:ims/lis/";
        const string LegacySystem = "urn:lti:sysrole:ims/lis/";

        if (role.StartsWith(LegacyContext, StringComparison.Ordinal))
        {
            return MapContextRole(role[LegacyContext.Length..].Split('/')[0]);
        }

        if (role.StartsWith(LegacyInstitution, StringComparison.Ordinal))
        {
            return AdministratorInstitutionRoles.Contains(role[LegacyInstitution.Length..]) ? PdRole.Administrator : PdRole.Learner;
        }

        if (role.StartsWith(LegacySystem, StringComparison.Ordinal))
        {
            return AdministratorSystemRoles.Contains(role[LegacySystem.Length..]) ? PdRole.Administrator : PdRole.Learner;
        }

        // Short context role names ("Instructor", "Learner") are allowed by LTI 1.3 Core.
        return role.Contains(':', StringComparison.Ordinal) || role.Contains('/', StringComparison.Ordinal)
            ? PdRole.Learner
            : MapContextRole(role);
    }
}
