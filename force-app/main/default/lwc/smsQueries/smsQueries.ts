/**
 * The panel's reads: GraphQL queries (lightning/graphql, the UI API GraphQL schema) run with
 * the agent's own access, so sharing and field-level security apply. They are the whole read
 * contract of the panel: the local console's lightning/graphql implements exactly these (see
 * docs/panel.md). Field names are those of docs/data-model.md.
 */
import { gql } from 'lightning/graphql';

// The agent, their open interactions (offered, active, in post-processing) and their latest
// requests with the service's answers. One query, refreshed on every event about them.
export const PANEL_STATE_QUERY = gql`
    query smsPanelState($userId: ID!, $userKey: String!) {
        uiapi {
            query {
                SMS_Agent__c(where: { User_Key__c: { eq: $userKey } }, first: 1) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            Status__c {
                                value
                            }
                            Status_Reason__c {
                                value
                            }
                            Status_Changed_At__c {
                                value
                            }
                            Stop_New__c {
                                value
                            }
                            Max_Interactions__c {
                                value
                            }
                            Open_Interactions__c {
                                value
                            }
                            Event_Channel__c {
                                value
                            }
                        }
                    }
                }
                SMS_Interaction__c(
                    where: {
                        and: [
                            { OwnerId: { eq: $userId } }
                            { Status__c: { in: ["Offered", "Active", "Post-processing"] } }
                        ]
                    }
                    orderBy: { Accepted_At__c: { order: ASC } }
                    first: 100
                ) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            Customer_Phone__c {
                                value
                            }
                            Channel__c {
                                value
                            }
                            Channel__r {
                                Name {
                                    value
                                }
                                Phone_Number__c {
                                    value
                                }
                            }
                            Queue__c {
                                value
                            }
                            Queue__r {
                                Name {
                                    value
                                }
                            }
                            Direction__c {
                                value
                            }
                            Status__c {
                                value
                            }
                            Initiated_At__c {
                                value
                            }
                            Offered_At__c {
                                value
                            }
                            Offer_Expires_At__c {
                                value
                            }
                            Accepted_At__c {
                                value
                            }
                            Terminated_At__c {
                                value
                            }
                            Wrap_Up_Deadline__c {
                                value
                            }
                            Disposition__c {
                                value
                            }
                            Disposition_Required__c {
                                value
                            }
                            Matched_Record_Ids__c {
                                value
                            }
                            Match_Count__c {
                                value
                            }
                            Contact__c {
                                value
                            }
                            Lead__c {
                                value
                            }
                            Account__c {
                                value
                            }
                            Case__c {
                                value
                            }
                            Chat_Log_Task_Id__c {
                                value
                            }
                            Unread_Count__c {
                                value
                            }
                            Awaiting_Reply_Since__c {
                                value
                            }
                            SLA_Due_At__c {
                                value
                            }
                            SLA_Breached__c {
                                value
                            }
                            Delivery_Failed__c {
                                value
                            }
                            Customer_Opted_Out__c {
                                value
                            }
                            Last_Customer_Message_At__c {
                                value
                            }
                            Last_Agent_Message_At__c {
                                value
                            }
                        }
                    }
                }
                SMS_Agent_Action__c(
                    where: { CreatedById: { eq: $userId } }
                    orderBy: { CreatedDate: { order: DESC } }
                    first: 20
                ) {
                    edges {
                        node {
                            Id
                            Type__c {
                                value
                            }
                            Interaction__c {
                                value
                            }
                            Message__c {
                                value
                            }
                            Result__c {
                                value
                            }
                            Result_Detail__c {
                                value
                            }
                            CreatedDate {
                                value
                            }
                        }
                    }
                }
            }
        }
    }
`;

// The open conversation's messages, newest first (so a very long one still shows its end).
export const CONVERSATION_QUERY = gql`
    query smsConversation($interactionId: ID!) {
        uiapi {
            query {
                SMS_Message__c(
                    where: { Interaction__c: { eq: $interactionId } }
                    orderBy: { CreatedDate: { order: DESC } }
                    first: 2000
                ) {
                    edges {
                        node {
                            Id
                            Direction__c {
                                value
                            }
                            Source__c {
                                value
                            }
                            Body__c {
                                value
                            }
                            Status__c {
                                value
                            }
                            Error_Code__c {
                                value
                            }
                            Error_Message__c {
                                value
                            }
                            Segments__c {
                                value
                            }
                            Encoding__c {
                                value
                            }
                            Sent_At__c {
                                value
                            }
                            Delivered_At__c {
                                value
                            }
                            Resend_Of__c {
                                value
                            }
                            CreatedDate {
                                value
                            }
                        }
                    }
                    pageInfo {
                        hasNextPage
                    }
                }
            }
        }
    }
`;

// The company numbers the agent can send from and the active quick answers. Read once, and again
// on a resync.
export const PANEL_CONFIG_QUERY = gql`
    query smsPanelConfig {
        uiapi {
            query {
                SMS_Channel__c(where: { Active__c: { eq: true } }, orderBy: { Name: { order: ASC } }, first: 200) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            Phone_Number__c {
                                value
                            }
                        }
                    }
                }
                SMS_Quick_Answer__c(where: { Active__c: { eq: true } }, orderBy: { Name: { order: ASC } }, first: 200) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            Answer__c {
                                value
                            }
                            Link__c {
                                value
                            }
                        }
                    }
                }
            }
        }
    }
`;

// The chat log's transcript (issue 6): one interaction's messages, oldest first, as many as one
// read returns. Interaction__c tells whose messages an answer holds. Run only while a chat log is
// being written; see docs/crm.md.
export const CHAT_LOG_QUERY = gql`
    query smsChatLog($interactionId: ID!) {
        uiapi {
            query {
                SMS_Message__c(
                    where: { Interaction__c: { eq: $interactionId } }
                    orderBy: { CreatedDate: { order: ASC } }
                    first: 2000
                ) {
                    edges {
                        node {
                            Id
                            Interaction__c {
                                value
                            }
                            Direction__c {
                                value
                            }
                            Source__c {
                                value
                            }
                            Body__c {
                                value
                            }
                            Status__c {
                                value
                            }
                            Error_Code__c {
                                value
                            }
                            Error_Message__c {
                                value
                            }
                            CreatedDate {
                                value
                            }
                        }
                    }
                    pageInfo {
                        hasNextPage
                    }
                }
            }
        }
    }
`;

// The supervisor view (X13): every queue, every open interaction (counted per queue, never shown
// one by one), every agent and the queue memberships that give an agent without a maximum of their
// own a capacity. Read with the supervisor's View All; re-read on a timer, never on events (see
// docs/supervisor.md).
export const SUPERVISOR_QUERY = gql`
    query smsSupervisor {
        uiapi {
            query {
                SMS_Queue__c(orderBy: { Name: { order: ASC } }, first: 200) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            SLA_Target_Seconds__c {
                                value
                            }
                            Max_Interactions__c {
                                value
                            }
                            Dedicated_Agent__c {
                                value
                            }
                            Active__c {
                                value
                            }
                        }
                    }
                }
                SMS_Queue_Member__c(first: 2000) {
                    edges {
                        node {
                            Id
                            Queue__c {
                                value
                            }
                            Agent__c {
                                value
                            }
                        }
                    }
                }
                SMS_Interaction__c(
                    where: { Status__c: { in: ["Queued", "Offered", "Active", "Post-processing"] } }
                    orderBy: { Initiated_At__c: { order: ASC } }
                    first: 2000
                ) {
                    edges {
                        node {
                            Id
                            Queue__c {
                                value
                            }
                            Agent__c {
                                value
                            }
                            OwnerId {
                                value
                            }
                            Status__c {
                                value
                            }
                            Initiated_At__c {
                                value
                            }
                            SLA_Breached__c {
                                value
                            }
                        }
                    }
                    pageInfo {
                        hasNextPage
                    }
                }
                SMS_Agent__c(orderBy: { Name: { order: ASC } }, first: 2000) {
                    edges {
                        node {
                            Id
                            Name {
                                value
                            }
                            User__c {
                                value
                            }
                            Status__c {
                                value
                            }
                            Stop_New__c {
                                value
                            }
                            Max_Interactions__c {
                                value
                            }
                            Open_Interactions__c {
                                value
                            }
                        }
                    }
                }
            }
        }
    }
`;
