/** The registry desk's answers (delivery of outgoing documents, issued notices), shared by the API and the web UI. */
import { z } from '../../domain/zod';

export const DELIVERY_DESK_STATUSES = ['to-send', 'awaiting-receipt', 'receipt-received', 'not-delivered'] as const;
export type DeliveryDeskStatus = (typeof DELIVERY_DESK_STATUSES)[number];

export const deliveryView = z
  .object({
    documentId: z.string(),
    recipient: z.string(),
    sentAt: z.string(),
    sentBy: z.string(),
    receiptDueAt: z.string().optional(),
    receiptDueExplanation: z.string().optional(),
    status: z.enum(['awaiting-receipt', 'receipt-received', 'not-delivered']),
    receipt: z.object({ receivedAt: z.string(), recipientNumber: z.string().optional(), recipientDate: z.string().optional(), recordedBy: z.string().optional() }).optional(),
    chasedAt: z.string().optional(),
  })
  .openapi('Delivery');

export const deliveryDeskView = z
  .object({
    year: z.number(),
    counts: z.record(z.enum(DELIVERY_DESK_STATUSES), z.number()),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
    items: z.array(
      z.object({
        documentId: z.string(),
        number: z.string(),
        registeredAt: z.string(),
        journal: z.string(),
        title: z.string().optional(),
        correspondent: z.string().optional(),
        status: z.enum(DELIVERY_DESK_STATUSES),
        delivery: deliveryView.optional(),
      }),
    ),
  })
  .openapi('DeliveryDesk');

export const issuedNoticeView = z
  .object({
    id: z.string(),
    documentId: z.string(),
    kind: z.enum(['receipt', 'rejection']),
    language: z.enum(['kk', 'ru']),
    text: z.string(),
    issuedAt: z.string(),
    title: z.string().optional(),
    correspondent: z.string().optional(),
    number: z.string().optional(),
  })
  .openapi('IssuedNotice');
