namespace LtiPd.XapiBridge;
