using LtiPd.LtiTool.Messages;

namespace LtiPd.LtiTool.Tests;

public sealed class RoleMapperTests
{
    private const string Membership = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    private const string Institution = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
    private const string System = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";

    [Theory]
    // LIS v2 context roles.
    [InlineData(Membership + "Learner", PdRole.Learner)]
    [InlineData(Membership + "Instructor", PdRole.Instructor)]
    [InlineData(Membership + "ContentDeveloper", PdRole.Instructor)]
    [InlineData(Membership + "TeachingAssistant", PdRole.Instructor)]
    [InlineData(Membership + "Administrator", PdRole.Administrator)]
    [InlineData(Membership + "Mentor", PdRole.Learner)]
    [InlineData(Membership + "Member", PdRole.Learner)]
    [InlineData(Membership + "Manager", PdRole.Learner)]
    [InlineData(Membership + "Officer", PdRole.Learner)]
    // Context sub-roles: the principal role decides.
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant", PdRole.Instructor)]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/membership/Learner#NonCreditLearner", PdRole.Learner)]
    [InlineData("http://purl.imsglobal.org/vocab/lis/v2/membership/Administrator#Developer", PdRole.Administrator)]
    // Institution roles: only Administrator raises; a Faculty member learns in a PD course.
    [InlineData(Institution + "Administrator", PdRole.Administrator)]
    [InlineData(Institution + "Faculty", PdRole.Learner)]
    [InlineData(Institution + "Instructor", PdRole.Learner)]
    [InlineData(Institution + "Staff", PdRole.Learner)]
    [InlineData(Institution + "Student", PdRole.Learner)]
    // System roles.
    [InlineData(System + "Administrator", PdRole.Administrator)]
    [InlineData(System + "SysAdmin", PdRole.Administrator)]
    [InlineData(System + "AccountAdmin", PdRole.Administrator)]
    [InlineData(System + "User", PdRole.Learner)]
    [InlineData(System + "None", PdRole.Learner)]
    // Short context role names (LTI 1.3 Core A.2.3.1).
    [InlineData("Instructor", PdRole.Instructor)]
    [InlineData("Learner", PdRole.Learner)]
    [InlineData("Administrator", PdRole.Administrator)]
    [InlineData("TeachingAssistant", PdRole.Instructor)]
    // LTI 1.1 URNs.
    [InlineData("urn:lti:role:ims/lis/Instructor", PdRole.Instructor)]
    [InlineData("urn:lti:role:ims/lis/TeachingAssistant", PdRole.Instructor)]
    [InlineData("urn:lti:role:ims/lis/Learner", PdRole.Learner)]
    [InlineData("urn:lti:role:ims/lis/Instructor/PrimaryInstructor", PdRole.Instructor)]
    [InlineData("urn:lti:role:ims/lis/Administrator", PdRole.Administrator)]
    [InlineData("urn:lti:instrole:ims/lis/Administrator", PdRole.Administrator)]
    [InlineData("urn:lti:instrole:ims/lis/Instructor", PdRole.Learner)]
    [InlineData("urn:lti:sysrole:ims/lis/SysAdmin", PdRole.Administrator)]
    [InlineData("urn:lti:sysrole:ims/lis/User", PdRole.Learner)]
    // Unknown, look-alike and malformed values grant nothing.
    [InlineData("http://example.org/roles#Instructor", PdRole.Learner)]
    [InlineData("https://purl.imsglobal.org/vocab/lis/v2/membership#Instructor", PdRole.Learner)]
    [InlineData("instructor", PdRole.Learner)]
    [InlineData("Superuser", PdRole.Learner)]
    [InlineData("  " + Membership + "Instructor  ", PdRole.Instructor)]
    public void Map_OneRole_ReturnsPdRole(string role, PdRole expected)
    {
        Assert.Equal(expected, RoleMapper.Map([role]));
    }

    [Fact]
    public void Map_Empty_Learner()
    {
        Assert.Equal(PdRole.Learner, RoleMapper.Map([]));
    }

    [Theory]
    [InlineData(PdRole.Administrator, Membership + "Learner", Institution + "Administrator")]
    [InlineData(PdRole.Instructor, Institution + "Student", Membership + "Instructor", System + "User")]
    [InlineData(PdRole.Administrator, Membership + "Instructor", System + "SysAdmin")]
    [InlineData(PdRole.Learner, Institution + "Faculty", Membership + "Learner")]
    public void Map_SeveralRoles_HighestWins(PdRole expected, params string[] roles)
    {
        Assert.Equal(expected, RoleMapper.Map(roles));
    }
}
