namespace LtiPd.TestSupport;
