/**
 * Personal information (个人信息保护, docs/domain.md#pipl): names, ID numbers, phones and addresses
 * are sealed per person (AES-256-GCM under the person's own key, from a `KeyStore`), so that
 * erasure destroys the key (crypto-shredding, 加密删除) and every event that ever held them reads
 * `ERASED`, without rewriting history.
 *
 * @module
 */
export { ERASED, type Erased, isErased } from "./privacy/erased.ts"
export {
  KeyStoreUnavailable,
  type PrivacyError as Error,
  SealBroken,
  SubjectErased,
  SubjectKeyNotFound,
} from "./privacy/errors.ts"
export { ChineseIdNumber, idNumberCheckCharacter, idNumberProblem } from "./privacy/id-number.ts"
export { KeyStore, type KeyStoreShape, type SubjectKey } from "./privacy/key-store.ts"
export { makeMemoryKeyStore, memoryKeyStoreLayer } from "./privacy/memory-key-store.ts"
export { MobilePhone } from "./privacy/mobile-phone.ts"
export {
  PERSONAL_FIELDS,
  PersonalAddress,
  PersonalDetails,
  PersonalDetailsPatch,
  type PersonalField,
  PersonName,
  patchSealedPersonalDetails,
  type RevealedPersonalDetails,
  revealPersonalDetails,
  SealedPersonalDetails,
  SealedPersonalDetailsPatch,
  sealPersonalDetails,
  sealPersonalDetailsPatch,
} from "./privacy/personal-details.ts"
export { Sealed } from "./privacy/sealed.ts"
