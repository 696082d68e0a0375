/** The workflow bundle's entry: every workflow type the worker registers. */
export { documentWorkflow } from './document-workflow';
export { receiptChaseWorkflow } from './receipt-chase-workflow';
export { exchangeDeliveryWorkflow, exchangeReceiveWorkflow } from './exchange-workflows';
// Notifications: mail delivery with retries, the catch-up sweep and the daily digest.
export { mailDeliveryWorkflow, notificationSweepWorkflow, notificationDigestWorkflow } from './notification-workflows';
// Departmental control of information requests: the monthly reviews.
export { informationReviewsWorkflow } from './information-review-workflow';
