/**
 * Signatures on documents, stored in the form they were made (the CMS bytes) with the verdict and its
 * evidence. A signature is accepted into the route only when its verdict is valid.
 */
import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

const signatureSchema = new Schema(
  {
    _id: { type: String, required: true },
    documentId: { type: String, required: true, index: true },
    /** Who uploaded it, and for whom (substitution). */
    submittedBy: { type: String, required: true },
    onBehalfOf: { type: String },
    /**
     * The IIN on record of `submittedBy` when the signature arrived (the API's session copy of the person),
     * which the check matches the certificate against instead of reading the person. Absent when the API did
     * not know it, and on signatures stored before it was kept: their check reads the person.
     */
    signerIin: { type: String },
    cms: { type: Buffer, required: true },
    /**
     * The signed content as the server rebuilt it from the card when the signature arrived (absent on
     * signatures stored before it was kept, and on those stored by other paths: their check rebuilds it).
     */
    content: { type: Buffer },
    /** SHA-256 of the signed content as the server rebuilt it at verification. */
    contentSha256: { type: String },
    status: { type: String, enum: ['pending', 'valid', 'invalid'], required: true, default: 'pending' },
    report: { type: Schema.Types.Mixed },
    verifiedAt: { type: Date },
  },
  { timestamps: true, minimize: false },
);

export type SignatureRecord = InferSchemaType<typeof signatureSchema>;
export type SignatureModel = Model<SignatureRecord>;

export function createSignatureModel(connection: Connection): SignatureModel {
  return connection.model<SignatureRecord>('Signature', signatureSchema, 'signatures');
}
