#!/usr/bin/env python3
"""The deploy-time least-privilege check (issue 22), on the template AWS's SAM translator makes of template.yaml:
no role may Scan any table (the project administration's list and purge query indexes too), no role may do more
than GetItem on the projects table (every project's secret key is there) but the project administration's
(ADMINISTRATION below), the public gallery pages may write nothing but their view counter (UpdateItem on the galleries table), and
no role holds the managed policies SAM adds for queue and stream consumers (their resources are every queue and
stream of the account), and every Lambda permission for an AWS service (s3, events, sqs, sns...) names the one
resource that may invoke the function (SourceArn): without it any bucket, rule or topic of the account could.
IamGrantsTest checks the same against the code before deployment; this checks what CloudFormation would get,
roles SAM adds included. Usage: check-roles.py TRANSLATED.json"""
import fnmatch
import json
import sys

# The managed policies SAM adds for SQS and stream event sources: their resources are "*".
WIDE_MANAGED = ("AWSLambdaSQSQueueExecutionRole", "AWSLambdaDynamoDBExecutionRole", "AWSLambdaKinesisExecutionRole")
PUBLIC_PAGES = {"GalleryPageFunctionRole", "GalleryPlayerFunctionRole"}
# The operators' functions behind the IAM authorizer (README, "Project administration"): the only roles that may
# read and write projects.
ADMINISTRATION = {"AdminProjectCreateFunctionRole", "AdminProjectListFunctionRole", "AdminProjectViewFunctionRole",
                  "AdminProjectUpdateFunctionRole", "AdminProjectRotateFunctionRole",
                  "AdminProjectDeleteFunctionRole", "AdminProjectPurgeFunctionRole"}
WRITES = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
          "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "sqs:SendMessage", "sqs:DeleteMessage")


def as_list(value):
    return value if isinstance(value, list) else [value]


def names(resource, table):
    """Whether a statement's resource names the table (GetAtt X.Arn, Sub "${X.Arn}...", Ref X)."""
    text = json.dumps(resource)
    return f'"{table}"' in text or f"${{{table}." in text or f'"{table}.Arn"' in text


def grants(action, pattern):
    return fnmatch.fnmatchcase(pattern.lower(), action.lower()) or fnmatch.fnmatchcase(action.lower(), pattern.lower())


def main(path):
    resources = json.load(open(path))["Resources"]
    statements = []  # (role, statement)
    problems = []
    for rid, resource in resources.items():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::IAM::Role":
            for policy in props.get("Policies", []):
                statements += [(rid, s) for s in as_list(policy["PolicyDocument"]["Statement"])]
            for arn in props.get("ManagedPolicyArns", []):
                if any(name in json.dumps(arn) for name in WIDE_MANAGED):
                    problems.append(f"{rid}: {json.dumps(arn)} (every queue or stream of the account: give the "
                                    "function a role of its own, docs/DESIGN.md \"IAM grants\")")
                ref = arn.get("Ref") if isinstance(arn, dict) else None
                if ref and resources.get(ref, {}).get("Type") == "AWS::IAM::ManagedPolicy":
                    doc = resources[ref]["Properties"]["PolicyDocument"]
                    statements += [(rid, s) for s in as_list(doc["Statement"])]
        elif resource["Type"] == "AWS::Lambda::Permission":
            principal = props.get("Principal")
            if isinstance(principal, str) and principal.endswith(".amazonaws.com") and not props.get("SourceArn"):
                problems.append(f"{rid}: lets {principal} invoke {json.dumps(props.get('FunctionName'))} from any "
                                "source (no SourceArn): name the resource, e.g. with an EventBridgeRule event")
        elif resource["Type"] == "AWS::IAM::Policy":
            for role in props.get("Roles", []):
                statements += [(role.get("Ref", str(role)), s) for s in as_list(props["PolicyDocument"]["Statement"])]
    for role, statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        actions = as_list(statement.get("Action", []))
        resource = statement.get("Resource")
        for action in actions:
            if grants("dynamodb:Scan", action):
                problems.append(f"{role}: {action} allows dynamodb:Scan")
            if names(resource, "ProjectsTable") and action != "dynamodb:GetItem" and role not in ADMINISTRATION:
                problems.append(f"{role}: {action} on ProjectsTable (only dynamodb:GetItem is allowed)")
            if role in PUBLIC_PAGES and any(grants(w, action) for w in WRITES):
                if not (action == "dynamodb:UpdateItem" and json.dumps(resource) ==
                        json.dumps({"Fn::GetAtt": ["GalleriesTable", "Arn"]})):
                    problems.append(f"{role}: {action} on {json.dumps(resource)} (a public page writes only "
                                    "its view counter: UpdateItem on GalleriesTable)")
        # ListStreams (what a stream's event source mapping needs) takes no resource but "*"; it lists names only.
        if (resource == "*" or "*" in as_list(resource)) and actions != ["dynamodb:ListStreams"]:
            problems.append(f"{role}: {actions} on every resource")
    roles = {r for r, _ in statements}
    missing = (PUBLIC_PAGES | ADMINISTRATION) - {rid for rid in resources if resources[rid]["Type"] == "AWS::IAM::Role"}
    if missing:
        problems.append(f"no role found for {sorted(missing)}: did SAM's role names change?")
    for problem in problems:
        print("check-roles:", problem)
    if problems:
        sys.exit(1)
    print(f"check-roles: ok ({len(statements)} statements in {len(roles)} roles: no Scan and nothing but GetItem "
          "on the projects table outside the project administration, public pages write only their view counter, "
          "no consumer role with SAM's account-wide managed policies, every service's Lambda permission has a SourceArn)")


if __name__ == "__main__":
    main(sys.argv[1])
